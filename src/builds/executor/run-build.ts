/**
 * Runs one Build on the Docker engine: source, Dockerfile edits, build, push, tag move; each step's
 * failure ends the build with OpenShift's phase and reason. Status is written by this module only
 * (the controller owns it); an abort for shutdown writes nothing, so the next leader finds the
 * build Running and ends it as Error (no build runs twice).
 */
import { rm } from 'node:fs/promises';
import type Docker from 'dockerode';
import { rfc3339 } from '../../api/rfc3339.js';
import type { PullCredentialsFor } from '../../credentials/index.js';
import type { RegistryClient } from '../../registry/index.js';
import { guaranteedUpdate } from '../../store/guaranteed-update.js';
import { BUILDS, IMAGE_STREAMS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import { deleteBinary, readBinary } from '../binary/stored-binary.js';
import { buildLogWriter, type BuildLogWriter } from '../build-log.js';
import { BUILD_REASON_MESSAGES, BuildPhase, BuildReason } from '../constants.js';
import type { Build, BuildStatus } from '../schema.js';
import { buildCredentials, type BuildCredentials } from './build-credentials.js';
import { BuildFailure, step } from './build-failure.js';
import { enginePush } from './engine-build.js';
import { outputTarget, type OutputTarget } from './output-target.js';
import { recordOutput } from './record-output.js';
import { recordRevision } from './record-revision.js';
import { buildImage } from './strategy-build.js';
import { prepareSource } from './source.js';

export interface ExecutorDeps {
  store: Store;
  docker: Docker;
  registry: RegistryClient;
  /** the build's namespace's pull Secrets, then the server-wide credentials where allowed */
  credentialsFor?: PullCredentialsFor;
  /** host:port of the integrated registry, when the server runs one */
  integratedHost: () => string | undefined;
  now: () => Date;
}

/** why the executor stopped a build: a user's cancel, the deadline, or this replica stopping */
export const AbortReason = { Cancel: 'cancel', Deadline: 'deadline', Shutdown: 'shutdown' } as const;

async function setStatus(deps: ExecutorDeps, build: Build, change: (b: Build) => Build): Promise<Build> {
  const out = await guaranteedUpdate(
    deps.store,
    BUILDS,
    build.metadata.namespace,
    build.metadata.name,
    change,
  );
  return out ?? build;
}

function finished(deps: ExecutorDeps, b: Build, status: Partial<BuildStatus>): Build {
  const now = deps.now();
  const start = b.status?.startTimestamp ? Date.parse(b.status.startTimestamp) : now.getTime();
  const completion = rfc3339(now);
  const duration = Math.max(0, Date.parse(completion) - start) * 1e6;
  return { ...b, status: { ...b.status, ...status, completionTimestamp: completion, duration } };
}

async function resolveTarget(deps: ExecutorDeps, build: Build): Promise<OutputTarget | undefined> {
  const to = build.spec.output.to;
  if (!to) return undefined;
  const namespace = build.metadata.namespace ?? '';
  const stream =
    to.kind === 'ImageStreamTag'
      ? ((await deps.store.get(IMAGE_STREAMS, to.namespace || namespace, to.name.split(':')[0] ?? '')) as
          { spec?: { dockerImageRepository?: string } } | undefined)
      : undefined;
  return outputTarget(to, namespace, stream, deps.integratedHost());
}

async function execute(
  deps: ExecutorDeps,
  creds: BuildCredentials,
  build: Build,
  log: BuildLogWriter,
  signal: AbortSignal,
): Promise<Build> {
  if (creds.problem) {
    log.write(`error: ${creds.problem.text}\n`);
    throw new BuildFailure(creds.problem.reason);
  }
  const target = await step(BuildReason.InvalidOutputReference, log, () => resolveTarget(deps, build));
  const namespace = build.metadata.namespace ?? '';
  const source = await step(BuildReason.FetchSourceFailed, log, async () => {
    const binary = build.spec.source.binary
      ? await readBinary(deps.store, namespace, build.metadata.name)
      : undefined;
    // the upload serves this build once: it leaves the store as soon as it is on disk
    if (binary) await deleteBinary(deps.store, namespace, build.metadata.name);
    return prepareSource(build.spec.source, signal, build.spec.revision?.git?.commit, binary, creds.source);
  });
  try {
    if (source.commit) log.write(`Commit: ${source.commit}\n`);
    await recordRevision(deps.store, build, source.revision);
    const tag = target
      ? `${target.repository}:${target.tag}`
      : `${build.metadata.namespace}/${build.metadata.name}:latest`;
    log.write(`Building ${tag}\n`);
    await buildImage({
      docker: deps.docker,
      pull: creds.pull,
      pullRegistries: creds.pullRegistries,
      build,
      source,
      tag,
      log,
      signal,
    });
    if (!target) return finished(deps, build, { phase: BuildPhase.Complete });
    log.write(`\nPushing image ${tag} ...\n`);
    const auth = creds.push?.get(target.registry);
    const digest = await step(BuildReason.PushImageToRegistryFailed, log, () =>
      enginePush(deps.docker, target.repository, target.tag, auth, signal, log),
    );
    log.write(`Successfully pushed ${target.repository}@${digest}\nPush successful\n`);
    await step(BuildReason.PushImageToRegistryFailed, log, () =>
      recordOutput(deps.store, deps.registry, target, digest, deps.now(), creds.push),
    );
    return finished(deps, build, {
      phase: BuildPhase.Complete,
      outputDockerImageReference: tag,
      output: { to: { imageDigest: digest } },
    });
  } finally {
    await rm(source.dir, { recursive: true, force: true });
  }
}

function failure(deps: ExecutorDeps, build: Build, e: unknown, signal: AbortSignal): Build {
  if (signal.aborted && signal.reason === AbortReason.Cancel)
    return finished(deps, build, {
      phase: BuildPhase.Cancelled,
      reason: BuildReason.CancelledBuild,
      message: BUILD_REASON_MESSAGES.CancelledBuild,
      cancelled: true,
    });
  if (signal.aborted && signal.reason === AbortReason.Deadline)
    return finished(deps, build, {
      phase: BuildPhase.Failed,
      reason: BuildReason.DeadlineExceeded,
      message: BUILD_REASON_MESSAGES.DeadlineExceeded,
    });
  if (e instanceof BuildFailure)
    return finished(deps, build, { phase: BuildPhase.Failed, reason: e.reason, message: e.message });
  return finished(deps, build, {
    phase: BuildPhase.Error,
    reason: BuildReason.GenericBuildFailed,
    message: BUILD_REASON_MESSAGES.GenericBuildFailed,
  });
}

/** runs a build that is New (the controller picked it); resolves when its status is final */
export async function runBuild(deps: ExecutorDeps, build: Build, signal: AbortSignal): Promise<Build> {
  const started = await setStatus(deps, build, (b) => ({
    ...b,
    status: { ...b.status, phase: BuildPhase.Running, startTimestamp: rfc3339(deps.now()) },
  }));
  let result: Build;
  try {
    const target = await resolveTarget(deps, started).catch(() => undefined);
    const own = await deps.credentialsFor?.(build.metadata.namespace ?? '');
    const creds = await buildCredentials(deps.store, started, own, target);
    const masked = buildLogWriter(
      deps.store,
      build.metadata.namespace ?? '',
      build.metadata.name,
      creds.secrets,
      deps.now,
    );
    result = await execute(deps, creds, started, masked, signal).finally(() => masked.flush());
  } catch (e) {
    if (signal.aborted && signal.reason === AbortReason.Shutdown) throw e;
    result = failure(deps, started, e, signal);
  }
  return setStatus(deps, build, (b) => ({ ...b, status: { ...b.status, ...result.status } }));
}
