/**
 * The Docker trigger controller. Level-triggered: on start it finishes or undoes replacements a
 * crash left behind, discovers the follower groups, and then reconciles a group whenever the
 * stream it follows changes, whenever Docker reports containers created, started or removed, and
 * every `resyncIntervalMs` anyway. A restart re-derives everything from the store and Docker.
 * The keyed work queue runs one rollout per group at a time and de-duplicates wake-ups.
 */
import type Docker from 'dockerode';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { logger } from '../../observability/logger.js';
import type { PullCredentialsFor } from '../../credentials/index.js';
import type { Store } from '../../store/store.js';
import { IMAGE_STREAMS } from '../../store/resource-types.js';
import { RolloutResult } from '../rollout-record.js';
import type { RolloutStore, TriggerEventSink } from '../rollout-store.js';
import { createGateKeeper } from '../gates/gate-keeper.js';
import { watchGateDecisions } from '../gates/decision-watch.js';
import { hostPlatform } from '../targets/docker/host-platform.js';
import {
  discoverFollowers,
  planGroup,
  reconcileInterrupted,
  rollOut,
  type FollowerGroup,
  type Recovery,
  type RolloutOptions,
} from '../targets/docker/index.js';
import { AttemptLedger, groupFingerprint, warningsChanged } from './follow-index.js';
import { closeInterruptedRollouts } from '../close-interrupted.js';
import { reconcileGroup, type ReconcileDeps } from './reconcile-group.js';
import { registryAuthFor, registryOf } from './registry-auth.js';
import { watchDockerEvents } from './docker-events.js';
import { followImageStreams } from '../skeleton/follow-streams.js';
import { createTriggerController } from '../skeleton/trigger-controller.js';

const log = logger('triggers.controller');

export interface DockerTriggerControllerOptions {
  docker: Docker;
  store: Store;
  rollouts: RolloutStore;
  /**
   * The registry credentials of a namespace (src/credentials, as the importer uses them): a pull
   * uses those of the namespace of the stream the group follows, by the registry of the image
   * reference. Without it pulls are anonymous.
   */
  credentialsFor?: PullCredentialsFor;
  /** How long a replacement may take to become healthy (default 60 s). */
  healthTimeoutMs?: number;
  /** Re-discovery and reconcile of every group (default 30 s). */
  resyncIntervalMs?: number;
  /** Follow Docker's container events for quicker re-discovery (default true). */
  dockerEvents?: boolean;
  /** Failed attempts of one digest on one group before giving up until the tag moves (default 5). */
  maxFailures?: number;
  /** Other rollout settings (stop timeout, poll interval) for tests and tuning. */
  rollout?: Pick<RolloutOptions, 'settleMs' | 'pollMs' | 'stopTimeoutSeconds'>;
  /** host[:port] for `status.dockerImageRepository` (Local reference policy), read on every use. */
  dockerImageRepositoryHost?: () => string | undefined;
  clock?: Clock;
  /** Where gated rollouts report RolloutWaiting, RolloutAwaitingApproval, … */
  events?: TriggerEventSink;
  /** whether this replica still leads: asked between rollout steps (default: always) */
  isLeader?: () => boolean;
}

export interface DockerTriggerController {
  /** Resolves after crash recovery, the first discovery and the first look at every stream. */
  ready(): Promise<void>;
  /** Re-discovers and reconciles every group; resolves when the queue is idle. */
  resync(): Promise<void>;
  /** Resolves when nothing is queued or running. */
  idle(): Promise<void>;
  groups(): FollowerGroup[];
  recoveries(): Recovery[];
  stop(): Promise<void>;
}

export async function startDockerTriggerController(
  options: DockerTriggerControllerOptions,
): Promise<DockerTriggerController> {
  const { docker, store, rollouts } = options;
  const clock = options.clock ?? systemClock;
  const reported = new Map<string, string>();
  const ledger = new AttemptLedger(options.maxFailures ?? 5);
  let stopped = false;

  const deps: ReconcileDeps = {
    async findGroup(key) {
      return (await refresh(false)).find((g) => g.key === key);
    },
    getStream: (namespace, name) => controller.stream(namespace, name),
    plan: (group, stream, state) => planGroup(docker, group, stream, state),
    rollOut: async (group, to, recorder) =>
      rollOut(docker, group, {
        toReference: to.reference,
        toDigest: to.digest,
        ...(to.rolloutId ? { rolloutId: to.rolloutId } : {}),
        healthTimeoutMs: options.healthTimeoutMs ?? 60_000,
        recorder,
        ...(options.isLeader ? { shouldContinue: options.isLeader } : {}),
        ...options.rollout,
        ...(await withAuth(to.reference, group.trigger?.from.namespace, options.credentialsFor)),
      }),
    states: rollouts,
    ledger,
    gate: async (group, to) => {
      const trigger = group.trigger;
      if (!trigger) return { go: true, rolloutId: undefined };
      return gates.pass(
        {
          target: group.key,
          from: trigger.from,
          digest: to.digest,
          reference: to.reference,
          containers: group.containers.map((c) => c.name),
        },
        group.gates,
        await host.platform(),
      );
    },
  };
  // every group, gates or not: a paused one (its TriggerState) holds digests too
  deps.settleGates = async (group, digest) => {
    if (group.trigger) await gates.settle({ target: group.key, from: group.trigger.from, digest });
  };
  const gates = createGateKeeper({ store, events: options.events, now: () => clock.now() });
  const host = hostPlatform(docker);

  const controller = createTriggerController<FollowerGroup>({
    source: {
      name: 'docker',
      follows: (g) => (g.trigger ? [g.trigger.from] : []),
      fingerprint: groupFingerprint,
      async reconcile(key) {
        const out = await reconcileGroup(key, deps);
        log.debug({ group: key, action: out.action, reason: out.reason, message: out.message }, 'reconciled');
        if (out.record?.result === RolloutResult.Failed)
          throw new Error(out.record.reason ?? 'rollout failed');
        return { retryAt: out.retryAt };
      },
    },
    loadStream: (namespace, name) => store.get(IMAGE_STREAMS, namespace, name),
    ...(options.dockerImageRepositoryHost
      ? { dockerImageRepositoryHost: options.dockerImageRepositoryHost }
      : {}),
    clock,
    queue: { concurrency: 2, baseDelayMs: 2_000, maxDelayMs: 60_000, maxRetries: 4 },
    ...(options.isLeader ? { isLeader: options.isLeader } : {}),
  });

  /** Discovers the groups; with `enqueue`, wakes the new or changed ones. Reports new warnings. */
  async function refresh(enqueue: boolean): Promise<FollowerGroup[]> {
    const found = await discoverFollowers(docker);
    controller.replace(new Map(found.map((g) => [g.key, g])), { wake: enqueue });
    for (const g of found) reportWarnings(g);
    return found;
  }

  function reportWarnings(g: FollowerGroup): void {
    const { changed, key } = warningsChanged(reported.get(g.key), g);
    if (!changed) return;
    reported.set(g.key, key);
    const namespace = g.trigger?.from.namespace ?? 'default';
    log.warn({ group: g.key, warnings: g.warnings }, 'trigger warnings on a Docker target');
    void rollouts.warn(g.key, namespace, g.warnings);
  }

  const safeRefresh = (enqueueAll: boolean) =>
    refresh(true)
      .then((found) => {
        if (enqueueAll) for (const g of found) controller.wake(g.key);
      })
      .catch((err: unknown) => log.warn({ err }, 'discovering Docker followers failed'));

  const recovered = await reconcileInterrupted(docker);
  // no rollout of this leader runs yet: every open record is a dead or deposed leader's
  await closeInterruptedRollouts(store, recovered, new Date(clock.now()));
  await safeRefresh(true);

  let cancelResync: () => void = () => undefined;
  const scheduleResync = () => {
    if (stopped) return;
    cancelResync = clock.schedule(() => {
      void safeRefresh(true).finally(scheduleResync);
    }, options.resyncIntervalMs ?? 30_000);
  };
  scheduleResync();

  const watch = followImageStreams({ store, sink: controller, clock });
  const events =
    options.dockerEvents === false
      ? undefined
      : watchDockerEvents({ docker, clock, onChange: () => void safeRefresh(false) });
  // an approval or rejection (isctl approve/reject rollout) wakes the group it holds
  const decisions = watchGateDecisions({
    store,
    clock,
    onDecision: (target) => {
      if (controller.follower(target)) controller.wake(target);
    },
  });
  await watch.synced();
  log.info(
    { groups: controller.followers().size, recovered: recovered.length },
    'docker trigger controller started',
  );

  return {
    ready: () => watch.synced(),
    async resync() {
      await safeRefresh(true);
      await controller.idle();
    },
    idle: () => controller.idle(),
    groups: () => [...controller.followers().values()],
    recoveries: () => [...recovered],
    async stop() {
      stopped = true;
      cancelResync();
      watch.stop();
      decisions.stop();
      events?.stop();
      await controller.stop();
    },
  };
}

/** The pull's credentials: those of the followed stream's namespace (a group without trigger never rolls). */
async function withAuth(
  reference: string,
  namespace: string | undefined,
  credentialsFor: PullCredentialsFor | undefined,
): Promise<Pick<RolloutOptions, 'registryAuth' | 'pullFailureHint'>> {
  if (!credentialsFor || namespace === undefined) return {};
  const auth = registryAuthFor(reference, await credentialsFor(namespace));
  if (auth) return { registryAuth: auth };
  return {
    pullFailureHint: `pulled without credentials: namespace ${namespace} has no pull Secret for ${registryOf(reference)}, and --registry-credentials-namespaces does not give it --registry-credentials for it`,
  };
}
