/**
 * `builds/{name}/clone`: a BuildRequest naming a build becomes a new Build with the same spec (so
 * the same source revision and the same builder image digest), as openshift-apiserver's build
 * generator clones: numbered from the BuildConfig (its status.lastVersion bumped), annotated
 * `openshift.io/build.clone-of`, the request's causes, env and build args applied.
 */
import { badRequest, notFound } from '../api/status-error.js';
import { updateWithRetry } from '../server/resources/update-loop.js';
import { qualified } from '../store/object-key.js';
import { BUILD_CONFIGS, BUILDS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import { BUILD_NUMBER_ANNOTATION, BuildCauseMessage, BuildPhase } from './constants.js';
import { buildName, mergeEnv } from './generator.js';
import { decodeBuildRequest } from './instantiate.js';
import type { Build, BuildConfig, BuildRequest, BuildStrategy } from './schema.js';

const BUILD_CLONE_ANNOTATION = 'openshift.io/build.clone-of';

/** a build made by hand has no number: its clone is named with a time suffix, as OpenShift */
function cloneNameWithoutConfig(name: string, nowNs: bigint): string {
  const base = /^.+-\d{10}$/.test(name) ? name.slice(0, name.lastIndexOf('-')) : name;
  const suffix = String(nowNs).slice(-10);
  return `${base.slice(0, 253 - suffix.length - 1)}-${suffix}`;
}

function strategyWith(s: BuildStrategy, request: BuildRequest, original: string): BuildStrategy {
  const args = request.dockerStrategyOptions?.buildArgs;
  if (args?.length && !s.dockerStrategy)
    throw badRequest(`Cannot specify build args on ${original}, not a Docker build.`);
  if (s.dockerStrategy) {
    const env = mergeEnv(s.dockerStrategy.env, request.env);
    const buildArgs = mergeEnv(s.dockerStrategy.buildArgs, args);
    return {
      ...s,
      dockerStrategy: { ...s.dockerStrategy, ...(env ? { env } : {}), ...(buildArgs ? { buildArgs } : {}) },
    };
  }
  if (s.sourceStrategy) {
    const env = mergeEnv(s.sourceStrategy.env, request.env);
    return { ...s, sourceStrategy: { ...s.sourceStrategy, ...(env ? { env } : {}) } };
  }
  return s;
}

/** the clone of `build` (pure): `name` and `number` (undefined without a BuildConfig) are the new ones */
function generateClone(build: Build, request: BuildRequest, name: string, number?: number): Build {
  const annotations: Record<string, string> = {
    ...build.metadata.annotations,
    [BUILD_CLONE_ANNOTATION]: build.metadata.name,
  };
  if (number === undefined) delete annotations[BUILD_NUMBER_ANNOTATION];
  else annotations[BUILD_NUMBER_ANNOTATION] = String(number);
  return {
    apiVersion: build.apiVersion,
    kind: build.kind,
    metadata: {
      name,
      namespace: build.metadata.namespace,
      ...(build.metadata.labels ? { labels: build.metadata.labels } : {}),
      annotations,
      ...(build.metadata.ownerReferences ? { ownerReferences: build.metadata.ownerReferences } : {}),
    },
    spec: {
      ...build.spec,
      strategy: strategyWith(build.spec.strategy, request, build.metadata.name),
      triggeredBy: request.triggeredBy?.length
        ? request.triggeredBy
        : [{ message: BuildCauseMessage.Manual }],
    },
    status: {
      phase: BuildPhase.New,
      ...(build.status?.config ? { config: build.status.config } : {}),
    },
  };
}

/** status.lastVersion + 1 of the build's BuildConfig; undefined when it has none (any more) */
async function nextNumber(store: Store, build: Build, dryRun: boolean): Promise<number | undefined> {
  const config = build.status?.config?.name;
  const namespace = build.metadata.namespace;
  if (!config || !(await store.get(BUILD_CONFIGS, namespace, config))) return undefined;
  const bump = (bc: BuildConfig): BuildConfig => ({
    ...bc,
    status: { ...bc.status, lastVersion: (bc.status?.lastVersion ?? 0) + 1 },
  });
  const updated = await updateWithRetry(store, BUILD_CONFIGS, namespace, config, bump, dryRun);
  return updated.status?.lastVersion ?? 1;
}

export async function cloneBuild(
  store: Store,
  namespace: string | undefined,
  name: string,
  body: unknown,
  dryRun = false,
  now: () => bigint = () => BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n),
): Promise<Build> {
  const request = decodeBuildRequest(body, 'builds');
  if (request.metadata.name !== '' && request.metadata.name !== name)
    throw badRequest(`the name of the BuildRequest (${request.metadata.name}) must be the Build's (${name})`);
  const build = await store.get(BUILDS, namespace, name);
  if (!build) throw notFound(qualified(BUILDS, name));
  // the upload served the build it came with, once (binary/stored-binary.ts): nothing is left to build
  if (build.spec.source.binary)
    throw badRequest(
      `build ${namespace}/${name} has a binary source: its upload is gone; start a new build with start-build --from-dir, --from-file or --from-archive`,
    );
  const number = await nextNumber(store, build, dryRun);
  const config = build.status?.config?.name;
  const newName =
    number !== undefined && config ? buildName(config, number) : cloneNameWithoutConfig(name, now());
  const clone = generateClone(build, request, newName, number);
  if (dryRun) return clone;
  return await store.create(BUILDS, clone);
}
