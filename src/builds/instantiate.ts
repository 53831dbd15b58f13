/**
 * `buildconfigs/{name}/instantiate`: a BuildRequest becomes Build `<bc>-<n>`. The BuildConfig's
 * status.lastVersion is bumped first (optimistic concurrency: two requests never get the same
 * number), then the Build is created in phase New for the build controller to run; when that
 * create fails, the bump is given back so that a retry builds the same change.
 */
import { rfc3339 } from '../api/rfc3339.js';
import { badRequest, conflict, isStatusError, notFound } from '../api/status-error.js';
import { guaranteedUpdate } from '../store/guaranteed-update.js';
import { logger } from '../observability/logger.js';
import { qualified } from '../store/object-key.js';
import { BUILD_CONFIGS, BUILDS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import { updateWithRetry } from '../server/resources/update-loop.js';
import { BUILD_REQUEST_KIND } from './constants.js';
import { generateBuild } from './generator.js';
import { replacesBaseImage, requestTag, strategyTag, withTriggered } from './image-change-decision.js';
import {
  BuildRequestSchema,
  strategyFrom,
  type Build,
  type BuildConfig,
  type BuildRequest,
} from './schema.js';
import { decodeBuildObject } from './strategy.js';
import { resolveStreamTagImage, type RegistryHost } from './stream-tag-image.js';

const log = logger('builds');

export function decodeBuildRequest(body: unknown, resource = 'buildconfigs'): BuildRequest {
  return decodeBuildObject(BuildRequestSchema, BUILD_REQUEST_KIND, resource, body);
}

/**
 * the strategy's ImageStreamTag as `REPO@sha256:…` (its reference policy applied), or the image
 * the trigger fired for
 */
async function resolveFrom(
  store: Store,
  bc: BuildConfig,
  request: BuildRequest,
  registryHost: RegistryHost,
): Promise<string | undefined> {
  if (request.triggeredByImage?.name && replacesBaseImage(bc, request)) return request.triggeredByImage.name;
  const from = strategyFrom(bc.spec.strategy);
  if (from?.kind !== 'ImageStreamTag') return undefined;
  const namespace = from.namespace || bc.metadata.namespace;
  const resolved = await resolveStreamTagImage(store, namespace, from.name, registryHost);
  if (!resolved)
    throw badRequest(
      `Error resolving ImageStreamTag ${from.name} in namespace ${namespace}: unable to find latest tagged image`,
    );
  return resolved.reference;
}

/** the ImageStreamTag an ImageChange trigger follows (its own from, else the strategy's) */
export function triggerSource(
  bc: BuildConfig,
  trigger: NonNullable<BuildConfig['spec']['triggers']>[number],
): { namespace: string; name: string } | undefined {
  if (trigger.type !== 'ImageChange') return undefined;
  const from = trigger.imageChange?.from ?? strategyFrom(bc.spec.strategy);
  if (from?.kind !== 'ImageStreamTag') return undefined;
  return { namespace: from.namespace || (bc.metadata.namespace ?? ''), name: from.name };
}

/**
 * status.imageChangeTriggers with the strategy's trigger at `image`: every build records the
 * builder image it used, so the trigger fires only for a later one (as OpenShift's generator).
 */
function recordTriggered(
  bc: BuildConfig,
  image: string | undefined,
  request: BuildRequest,
  now: string,
): BuildConfig['status'] {
  const status = recordStrategyTriggered(bc, image, now);
  // an explicit-from trigger's image is recorded for it alone (it is not the base image)
  const tag = requestTag(bc, request);
  const own = strategyTag(bc);
  const triggered = request.triggeredByImage?.name;
  if (!tag || !triggered || (own && own.name === tag.name && own.namespace === tag.namespace)) return status;
  return {
    ...status,
    imageChangeTriggers: withTriggered(bc, status?.imageChangeTriggers ?? [], tag, triggered, now),
  };
}

function recordStrategyTriggered(
  bc: BuildConfig,
  image: string | undefined,
  now: string,
): BuildConfig['status'] {
  const builder = strategyFrom(bc.spec.strategy);
  const status = { ...bc.status };
  if (!image || builder?.kind !== 'ImageStreamTag') return status;
  const own = bc.metadata.namespace ?? '';
  const ns = builder.namespace || own;
  const entries = (status.imageChangeTriggers ?? []).filter(
    (e) => !(e.from?.name === builder.name && (e.from.namespace || own) === ns),
  );
  const follows = (bc.spec.triggers ?? []).some((t) => {
    const src = triggerSource(bc, t);
    return src?.name === builder.name && src.namespace === ns;
  });
  if (!follows) return status;
  const from = {
    name: builder.name,
    ...(builder.namespace ? { namespace: builder.namespace } : {}),
  };
  return {
    ...status,
    imageChangeTriggers: [...entries, { from, lastTriggeredImageID: image, lastTriggerTime: now }],
  };
}

/** status.lastVersion + 1, refused when the request names another lastVersion */
function nextVersion(
  request: BuildRequest,
  namespace: string | undefined,
  name: string,
  image: string | undefined,
) {
  return (bc: BuildConfig): BuildConfig => {
    const last = bc.status?.lastVersion ?? 0;
    if (request.lastVersion !== undefined && request.lastVersion !== last)
      throw conflict(
        qualified(BUILD_CONFIGS, name),
        `the LastVersion(${request.lastVersion}) on build config ${namespace}/${name} does not match the build request LastVersion(${last})`,
      );
    const now = rfc3339(new Date());
    return { ...bc, status: { ...recordTriggered(bc, image, request, now), lastVersion: last + 1 } };
  };
}

export interface InstantiateOptions {
  /** the registry serving the streams: `Local` tags resolve to it (default: none, every tag to its source) */
  registryHost?: RegistryHost;
  dryRun?: boolean;
  /** runs before the Build is created (a binary build stores its upload here) */
  beforeCreate?: (build: Build) => Promise<void>;
}

export async function instantiate(
  store: Store,
  namespace: string | undefined,
  name: string,
  body: unknown,
  options: InstantiateOptions = {},
): Promise<Build> {
  const { dryRun = false, beforeCreate, registryHost = () => undefined } = options;
  const request = decodeBuildRequest(body);
  if (request.metadata.name !== '' && request.metadata.name !== name)
    throw badRequest(
      `the name of the BuildRequest (${request.metadata.name}) must be the BuildConfig's (${name})`,
    );
  const current = await store.get(BUILD_CONFIGS, namespace, name);
  if (!current) throw notFound(qualified(BUILD_CONFIGS, name));
  // a binary build's source is its upload: there is none to build from here
  if (current.spec.source.binary && !beforeCreate)
    throw badRequest(
      `build config ${namespace}/${name} has a binary source: start it with instantiatebinary (start-build --from-dir, --from-file or --from-archive)`,
    );
  const resolvedFrom = await resolveFrom(store, current, request, registryHost);
  const compute = nextVersion(request, namespace, name, resolvedFrom);
  const updated = await updateWithRetry(store, BUILD_CONFIGS, namespace, name, compute, dryRun);
  const number = updated.status?.lastVersion ?? 1;
  const build = generateBuild({
    config: updated,
    number,
    request,
    ...(resolvedFrom ? { resolvedFrom } : {}),
  });
  if (dryRun) return build;
  try {
    await beforeCreate?.(build);
    return await store.create(BUILDS, build);
  } catch (e) {
    // a Build of that name already there keeps its number taken; any other failure gives the
    // number back, else the change (the image recorded as triggered) would never be built
    if (!(isStatusError(e) && e.code === 409)) await giveBackVersion(store, current, number);
    throw e;
  }
}

/**
 * undoes this request's bump when the Build could not be created: lastVersion back to
 * `number - 1` and the triggered images as they were before, unless another request has bumped it
 * since (then its Build carries the newer state)
 */
async function giveBackVersion(store: Store, before: BuildConfig, number: number): Promise<void> {
  await guaranteedUpdate(store, BUILD_CONFIGS, before.metadata.namespace, before.metadata.name, (bc) => {
    if ((bc.status?.lastVersion ?? 0) !== number) return undefined;
    const { imageChangeTriggers: _bumped, ...rest } = bc.status ?? {};
    const previous = before.status?.imageChangeTriggers;
    return {
      ...bc,
      status: { ...rest, lastVersion: number - 1, ...(previous ? { imageChangeTriggers: previous } : {}) },
    };
  }).catch((err: unknown) => {
    log.warn(
      { err, buildConfig: `${before.metadata.namespace}/${before.metadata.name}`, number },
      'could not give back lastVersion after a failed Build create',
    );
  });
}
