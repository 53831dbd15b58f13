/**
 * Rolling a group of containers to a new image by digest: pull once, then replace the containers
 * one at a time behind the health gate. The first failure stops the rollout: that container is
 * back on its old image and the ones after it were never touched.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type Docker from 'dockerode';
import { logger } from '../../../observability/logger.js';
import { DockerLabels } from '../../labels.js';
import type { FollowerGroup } from './discover.js';
import {
  containerDigest,
  dockerMessage,
  inspectContainerIfExists,
  pullImage,
  type RegistryAuth,
} from './inspect.js';
import { RolloutResult, StepAction, type RolloutRecord, type RolloutRecorder } from '../../rollout-record.js';
import { LOST_LEADERSHIP, replaceContainer, type ReplaceOptions } from './replace.js';
import type { ContainerInspectSchema } from './schema.js';

const log = logger('triggers.docker');

export interface RolloutOptions {
  /** `REPO@sha256:…` as resolved from the tag. */
  toReference: string;
  toDigest: string;
  registryAuth?: RegistryAuth;
  /** Added to the reason when the pull fails, e.g. that no credentials were found (never a credential). */
  pullFailureHint?: string;
  /** How long a replacement may take to become healthy. Default 60 s. */
  healthTimeoutMs?: number;
  /** How long a replacement without healthcheck must keep running. Default 2 s. */
  settleMs?: number;
  pollMs?: number;
  /** Seconds to wait for the old container to stop; default its own StopTimeout, else 10. */
  stopTimeoutSeconds?: number;
  recorder?: RolloutRecorder;
  rolloutId?: string;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  /** Asked before each container and before each old container is stopped: false stops the rollout (lost leadership). */
  shouldContinue?: () => boolean;
}

export type RolloutTarget = Pick<FollowerGroup, 'key' | 'containers'>;

export async function rollOut(
  docker: Docker,
  group: RolloutTarget,
  opts: RolloutOptions,
): Promise<RolloutRecord> {
  const now = opts.now ?? (() => new Date());
  const started = now().toISOString();
  // the pull is most of a rollout's time: it starts before anything else is read
  const pulling = pull(docker, opts);
  const record: RolloutRecord = {
    id: opts.rolloutId ?? randomUUID(),
    target: group.key,
    containers: group.containers.map((c) => c.name),
    fromDigest: await fromDigest(docker, group),
    toDigest: opts.toDigest,
    toReference: opts.toReference,
    started,
    finished: undefined,
    result: undefined,
    steps: [],
  };
  // progress is stored in order but off the rollout's path: a store write per step must not
  // delay the swap (the finished record waits for every earlier write)
  let progressed = Promise.resolve();
  const progress = () => {
    const snapshot = structuredClone(record);
    progressed = progressed.then(() => notify(opts.recorder?.progress?.bind(opts.recorder), snapshot));
  };
  const step = (container: string, action: StepAction, ok: boolean, message?: string): Promise<void> => {
    record.steps.push({ at: now().toISOString(), container, action, ok, ...(message ? { message } : {}) });
    progress();
    return Promise.resolve();
  };
  progress();
  const outcome = await run(docker, group, { ...opts, pulling }, record, step);
  await progressed;
  record.result = outcome.result;
  if (outcome.reason) record.reason = outcome.reason;
  if (outcome.rejected) record.rejectedDigest = opts.toDigest;
  record.finished = now().toISOString();
  log.info(
    { rollout: record.id, target: record.target, result: record.result, reason: record.reason },
    'rollout finished',
  );
  await notify(opts.recorder?.finished.bind(opts.recorder), record);
  return record;
}

type Step = (container: string, action: StepAction, ok: boolean, message?: string) => Promise<void>;
interface Outcome {
  result: RolloutResult;
  reason?: string;
  rejected?: boolean;
}

type PullResult = { ok: true } | { ok: false; message: string };

/** The pull as a value: it runs beside other reads, and its failure is reported in order. */
function pull(docker: Docker, opts: RolloutOptions): Promise<PullResult> {
  return pullImage(docker, opts.toReference, opts.registryAuth).then(
    () => ({ ok: true }),
    (e: unknown) => ({ ok: false, message: dockerMessage(e) }),
  );
}

async function run(
  docker: Docker,
  group: RolloutTarget,
  opts: RolloutOptions & { pulling: Promise<PullResult> },
  record: RolloutRecord,
  step: Step,
): Promise<Outcome> {
  const pulled = await opts.pulling;
  if (!pulled.ok) {
    await step('', StepAction.Pull, false, pulled.message);
    return {
      result: RolloutResult.Failed,
      reason: `pulling ${opts.toReference} failed: ${pulled.message}${opts.pullFailureHint ? ` (${opts.pullFailureHint})` : ''}`,
    };
  }
  await step('', StepAction.Pull, true, opts.toReference);
  const replace = replaceOptions(opts, record.id);
  for (const c of group.containers) {
    if (opts.shouldContinue && !opts.shouldContinue())
      return { result: RolloutResult.Failed, reason: LOST_LEADERSHIP };
    const current = await replaceable(docker, c.id, opts.toDigest);
    if ('skip' in current) {
      await step(c.name, StepAction.Skip, true, current.skip);
      continue;
    }
    const out = await replaceContainer(docker, current.inspect, replace, (action, ok, message) =>
      step(c.name, action, ok, message),
    );
    if (out.ok) continue;
    const reason = `${c.name}: ${out.message}`;
    if (out.rejected && out.rolledBack) return { result: RolloutResult.RolledBack, reason, rejected: true };
    return { result: RolloutResult.Failed, reason, rejected: out.rejected };
  }
  return { result: RolloutResult.Succeeded };
}

function replaceOptions(opts: RolloutOptions, rolloutId: string): ReplaceOptions {
  return {
    image: opts.toReference,
    rolloutId,
    stopTimeoutSeconds: opts.stopTimeoutSeconds,
    ...(opts.shouldContinue ? { shouldContinue: opts.shouldContinue } : {}),
    health: {
      timeoutMs: opts.healthTimeoutMs ?? 60_000,
      settleMs: opts.settleMs ?? 2_000,
      pollMs: opts.pollMs ?? 250,
      sleep: opts.sleep ?? ((ms) => delay(ms)),
      now: opts.now ? () => (opts.now as () => Date)().getTime() : () => Date.now(),
    },
  };
}

/**
 * Re-checked just before the replacement: the container may have been pinned, removed or updated
 * meanwhile. The inspect is the one the replacement starts from.
 */
async function replaceable(
  docker: Docker,
  id: string,
  toDigest: string,
): Promise<{ skip: string } | { inspect: ContainerInspectSchema }> {
  const c = await inspectContainerIfExists(docker, id);
  if (!c) return { skip: 'container no longer exists' };
  if (c.Config.Labels?.[DockerLabels.pinned] === 'true')
    return { skip: `pinned (${DockerLabels.pinned}=true)` };
  if ((await containerDigest(docker, c)) === toDigest) return { skip: 'already runs this image' };
  return { inspect: c };
}

async function fromDigest(docker: Docker, group: RolloutTarget): Promise<string | undefined> {
  for (const c of group.containers) {
    if (c.pinned) continue;
    const inspect = await inspectContainerIfExists(docker, c.id);
    if (inspect) return containerDigest(docker, inspect);
  }
  return undefined;
}

/** Hands the recorder a copy; its errors are logged, never the rollout's. */
async function notify(
  fn: ((r: Readonly<RolloutRecord>) => void | Promise<void>) | undefined,
  record: RolloutRecord,
): Promise<void> {
  if (!fn) return;
  try {
    await fn(structuredClone(record));
  } catch (err) {
    log.warn({ err, rollout: record.id }, 'rollout recorder failed');
  }
}
