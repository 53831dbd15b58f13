/**
 * The ImageChange trigger's decision, pure (OpenShift's buildconfig image trigger): a trigger
 * follows an ImageStreamTag (its explicit `from`, else the strategy's) and fires when the tag's
 * image differs from its status.imageChangeTriggers[].lastTriggeredImageID.
 */
import type { BuildConfig, BuildRequest, ImageChangeTriggerStatus } from './schema.js';
import { strategyFrom } from './schema.js';
import { BuildCauseMessage } from './constants.js';

export interface TagRef {
  namespace: string;
  name: string;
}

function sameTag(a: TagRef, b: TagRef): boolean {
  return a.name === b.name && a.namespace === b.namespace;
}

/** a status entry's tag, its namespace defaulted to the BuildConfig's */
function entryTag(bc: BuildConfig, e: ImageChangeTriggerStatus): TagRef | undefined {
  return e.from && { name: e.from.name, namespace: e.from.namespace || (bc.metadata.namespace ?? '') };
}

function lastTriggered(bc: BuildConfig, src: TagRef): string | undefined {
  return bc.status?.imageChangeTriggers?.find((e) => {
    const tag = entryTag(bc, e);
    return tag !== undefined && sameTag(tag, src);
  })?.lastTriggeredImageID;
}

/** whether the trigger following `src` starts a build for `image` */
export function shouldFire(bc: BuildConfig, src: TagRef, image: string): boolean {
  return lastTriggered(bc, src) !== image;
}

/** the strategy's ImageStreamTag, its namespace defaulted */
export function strategyTag(bc: BuildConfig): TagRef | undefined {
  const from = strategyFrom(bc.spec.strategy);
  if (from?.kind !== 'ImageStreamTag') return undefined;
  return { name: from.name, namespace: from.namespace || (bc.metadata.namespace ?? '') };
}

/** the BuildRequest an ImageChange trigger sends: `from` names the tag that moved */
export function imageChangeRequest(src: TagRef, image: string): Partial<BuildRequest> {
  const fromRef = { kind: 'ImageStreamTag', name: src.name, namespace: src.namespace };
  return {
    triggeredBy: [{ message: BuildCauseMessage.ImageChange, imageChangeBuild: { imageID: image, fromRef } }],
    triggeredByImage: { kind: 'DockerImage', name: image },
    from: fromRef,
  };
}

/**
 * the tag a request was triggered by, when it is not the strategy's: that image is recorded for
 * its trigger but is not the build's base image (OpenShift's generator)
 */
export function requestTag(bc: BuildConfig, request: BuildRequest): TagRef | undefined {
  const from = request.from;
  if (!request.triggeredByImage?.name || from?.kind !== 'ImageStreamTag') return undefined;
  return { name: from.name, namespace: from.namespace || (bc.metadata.namespace ?? '') };
}

/** whether the request's triggering image replaces the strategy's base image */
export function replacesBaseImage(bc: BuildConfig, request: BuildRequest): boolean {
  if (!request.triggeredByImage?.name) return false;
  const tag = requestTag(bc, request);
  const own = strategyTag(bc);
  // a request without `from` (older clients) is the strategy's trigger
  return tag === undefined || (own !== undefined && sameTag(tag, own));
}

/** status.imageChangeTriggers with `src` at `image` */
export function withTriggered(
  bc: BuildConfig,
  entries: ImageChangeTriggerStatus[],
  src: TagRef,
  image: string,
  now: string,
): ImageChangeTriggerStatus[] {
  const own = bc.metadata.namespace ?? '';
  const rest = entries.filter((e) => {
    const tag = entryTag(bc, e);
    return !(tag && sameTag(tag, src));
  });
  const from = { name: src.name, ...(src.namespace !== own ? { namespace: src.namespace } : {}) };
  return [...rest, { from, lastTriggeredImageID: image, lastTriggerTime: now }];
}
