/**
 * Runs one Build on the Docker engine: source, Dockerfile edits, build, push, tag move; each step's
 * failure ends the build with OpenShift's phase and reason. Status is written by this module only
 * (the controller owns it); an abort for shutdown writes nothing, so the next leader finds the
 * build Running and ends it as Error (no build runs twice).
 */
import { rfc3339 } from '../../api/rfc3339.js';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { KubeObject } from '../../api/object.js';
import type { PullCredentialsFor } from '../../credentials/index.js';
import type { Credential, CredentialStore } from '../../registry/auth/credentials.js';
import type { RegistryClient } from '../../registry/index.js';
import { guaranteedUpdate } from '../../store/guaranteed-update.js';
import { BUILDS, IMAGE_STREAMS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import { deleteBinary, readBinary } from '../binary/stored-binary.js';
import { buildLogWriter, type BuildLogWriter } from '../build-log.js';
import { BUILD_REASON_MESSAGES, BuildPhase, BuildReason } from '../constants.js';
import { strategyFrom, type Build, type BuildStatus, type EnvVar } from '../schema.js';
import { insertEnv, replaceLastFrom } from './dockerfile.js';
import { enginePush, engineBuild } from './engine-build.js';
import { outputTarget, type OutputTarget } from './output-target.js';
import { recordOutput } from './record-output.js';
import { recordRevision } from './record-revision.js';
import { S2IError, s2iBuild } from './s2i.js';
import { contextFiles, prepareSource, uriSecret, type PreparedSource } from './source.js';

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

class BuildFailure extends Error {
  readonly reason: BuildReason;
  constructor(reason: BuildReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

async function step<T>(reason: BuildReason, log: BuildLogWriter, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BuildFailure) throw e;
    log.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    throw new BuildFailure(reason, BUILD_REASON_MESSAGES[reason]);
  }
}

async function setStatus(deps: ExecutorDeps, build: Build, change: (b: Build) => Build): Promise<Build> {
  const out = await guaranteedUpdate(
    deps.store,
    BUILDS,
    build.metadata.namespace,
    build.metadata.name,
    (o) => change(o as Build) as unknown as KubeObject,
  );
  return (out ?? build) as unknown as Build;
}

function finished(deps: ExecutorDeps, b: Build, status: Partial<BuildStatus>): Build {
  const now = deps.now();
  const start = b.status?.startTimestamp ? Date.parse(b.status.startTimestamp) : now.getTime();
  const completion = rfc3339(now);
  const duration = Math.max(0, Date.parse(completion) - start) * 1e6;
  return { ...b, status: { ...b.status, ...status, completionTimestamp: completion, duration } };
}

function credentialFor(creds: CredentialStore | undefined, registry: string): Credential | undefined {
  return creds?.get(registry);
}

function secretsOf(creds: CredentialStore | undefined, build: Build, registries: string[]): string[] {
  const passwords = registries.flatMap((r) => {
    const c = credentialFor(creds, r);
    return c ? [c.password, `${c.username}:${c.password}`] : [];
  });
  const git = build.spec.source.git ? uriSecret(build.spec.source.git.uri) : undefined;
  return [...passwords, ...(git ? [git] : [])];
}

const envMap = (list: EnvVar[] | undefined): Record<string, string> =>
  Object.fromEntries((list ?? []).map((e) => [e.name, e.value ?? '']));

/** the Dockerfile with the strategy's image and env applied; its path relative to the context */
async function editDockerfile(build: Build, source: PreparedSource): Promise<string> {
  const d = build.spec.strategy.dockerStrategy ?? {};
  const path = d.dockerfilePath || 'Dockerfile';
  const file = join(source.context, path);
  let text = await readFile(file, 'utf8');
  if (d.from?.kind === 'DockerImage' && d.from.name) text = replaceLastFrom(text, d.from.name);
  text = insertEnv(text, d.env ?? []);
  await writeFile(file, text);
  return path;
}

function imageLabels(build: Build, commit: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {
    'io.openshift.build.name': build.metadata.name,
    'io.openshift.build.namespace': build.metadata.namespace ?? '',
  };
  if (commit) labels['io.openshift.build.commit.id'] = commit;
  if (build.spec.source.git)
    labels['io.openshift.build.source-location'] = build.spec.source.git.uri.replace(/\/\/[^@/]*@/, '//');
  for (const l of build.spec.output.imageLabels ?? []) labels[l.name] = l.value ?? '';
  return labels;
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

async function dockerBuild(
  deps: ExecutorDeps,
  creds: CredentialStore | undefined,
  build: Build,
  source: PreparedSource,
  tag: string,
  log: BuildLogWriter,
  signal: AbortSignal,
): Promise<void> {
  const d = build.spec.strategy.dockerStrategy ?? {};
  const dockerfile = await step(BuildReason.FetchSourceFailed, log, () => editDockerfile(build, source));
  const fromRegistry = d.from?.name.split('/')[0] ?? '';
  const pullAuth = credentialFor(creds, fromRegistry);
  await step(BuildReason.DockerBuildFailed, log, async () =>
    engineBuild(
      deps.docker,
      {
        context: source.context,
        files: await contextFiles(source.context),
        dockerfile,
        tag,
        buildArgs: envMap(d.buildArgs),
        labels: imageLabels(build, source.commit),
        noCache: d.noCache === true,
        pull: d.forcePull === true,
        pullAuth: pullAuth ? { [fromRegistry]: pullAuth } : {},
        signal,
      },
      log,
    ),
  );
}

const S2I_REASONS: Record<S2IError['step'], BuildReason> = {
  pull: BuildReason.PullBuilderImageFailed,
  scripts: BuildReason.InstallScriptsFailed,
  assemble: BuildReason.AssembleFailed,
};

async function sourceBuild(
  deps: ExecutorDeps,
  creds: CredentialStore | undefined,
  build: Build,
  source: PreparedSource,
  tag: string,
  log: BuildLogWriter,
  signal: AbortSignal,
): Promise<void> {
  const s = build.spec.strategy.sourceStrategy;
  const builder = s?.from?.name ?? '';
  const options = {
    builder,
    context: source.context,
    tag,
    env: envMap(s?.env),
    labels: imageLabels(build, source.commit),
    forcePull: s?.forcePull === true,
    pullAuth: credentialFor(creds, builder.split('/')[0] ?? ''),
    signal,
  };
  await step(BuildReason.GenericS2IBuildFailed, log, async () => {
    try {
      await s2iBuild(deps.docker, options, log);
    } catch (e) {
      if (!(e instanceof S2IError)) throw e;
      log.write(`error: ${e.message}\n`);
      const reason = S2I_REASONS[e.step];
      throw new BuildFailure(reason, BUILD_REASON_MESSAGES[reason]);
    }
  });
}

/** the strategy's image, tagged `tag` on the engine */
function buildImage(...args: Parameters<typeof dockerBuild>): Promise<void> {
  return args[2].spec.strategy.sourceStrategy ? sourceBuild(...args) : dockerBuild(...args);
}

async function execute(
  deps: ExecutorDeps,
  creds: CredentialStore | undefined,
  build: Build,
  log: BuildLogWriter,
  signal: AbortSignal,
): Promise<Build> {
  const target = await step(BuildReason.InvalidOutputReference, log, () => resolveTarget(deps, build));
  const namespace = build.metadata.namespace ?? '';
  const source = await step(BuildReason.FetchSourceFailed, log, async () => {
    const binary = build.spec.source.binary
      ? await readBinary(deps.store, namespace, build.metadata.name)
      : undefined;
    // the upload serves this build once: it leaves the store as soon as it is on disk
    if (binary) await deleteBinary(deps.store, namespace, build.metadata.name);
    return prepareSource(build.spec.source, signal, build.spec.revision?.git?.commit, binary);
  });
  try {
    if (source.commit) log.write(`Commit: ${source.commit}\n`);
    await recordRevision(deps.store, build, source.revision);
    const tag = target
      ? `${target.repository}:${target.tag}`
      : `${build.metadata.namespace}/${build.metadata.name}:latest`;
    log.write(`Building ${tag}\n`);
    await buildImage(deps, creds, build, source, tag, log, signal);
    if (!target) return finished(deps, build, { phase: BuildPhase.Complete });
    log.write(`\nPushing image ${tag} ...\n`);
    // credentials push only into image streams: a DockerImage output names any repository, and
    // the namespace's push rights are not to be sent to wherever a build config points
    const auth = target.streamTag ? credentialFor(creds, target.registry) : undefined;
    const digest = await step(BuildReason.PushImageToRegistryFailed, log, () =>
      enginePush(deps.docker, target.repository, target.tag, auth, signal, log),
    );
    log.write(`Successfully pushed ${target.repository}@${digest}\nPush successful\n`);
    await step(BuildReason.PushImageToRegistryFailed, log, () =>
      recordOutput(deps.store, deps.registry, target, digest, deps.now(), creds),
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
  const registries = [strategyFrom(build.spec.strategy)?.name.split('/')[0] ?? ''];
  const started = await setStatus(deps, build, (b) => ({
    ...b,
    status: { ...b.status, phase: BuildPhase.Running, startTimestamp: rfc3339(deps.now()) },
  }));
  let result: Build;
  try {
    const target = await resolveTarget(deps, started).catch(() => undefined);
    const creds = await deps.credentialsFor?.(build.metadata.namespace ?? '');
    const secrets = secretsOf(creds, started, [...registries, ...(target ? [target.registry] : [])]);
    const masked = buildLogWriter(
      deps.store,
      build.metadata.namespace ?? '',
      build.metadata.name,
      secrets,
      deps.now,
    );
    result = await execute(deps, creds, started, masked, signal).finally(() => masked.flush());
  } catch (e) {
    if (signal.aborted && signal.reason === AbortReason.Shutdown) throw e;
    result = failure(deps, started, e, signal);
  }
  return setStatus(deps, build, (b) => ({ ...b, status: { ...b.status, ...result.status } }));
}
