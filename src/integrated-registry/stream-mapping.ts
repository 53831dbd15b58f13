/**
 * What OpenShift's registry does after a push, with the imagestreammappings resource's semantics
 * (src/server/resources/virtual/imagestreammappings.ts): create the Image (an existing one is
 * kept), record a TagEvent on the tag with the tag's (or the stream's) generation, and move the
 * tags tracking it. Unlike the resource, a missing stream is created (the registry's
 * auto-creation); it is created with the tag already recorded, so watchers see one ADDED event.
 */
import { invalid, isStatusError } from '../api/status-error.js';
import { rfc3339 } from '../api/rfc3339.js';
import { imageStrategy, imageStreamStrategy } from '../api/strategies.js';
import { recordTagEvent } from '../api/tag-history.js';
import { IMAGE_API_GROUP, IMAGE_API_VERSION, type Image, type ImageStream } from '../api/types.js';
import { markVerified } from '../api/image-trust.js';
import { ImageWrite, storeVerifiedImage } from '../importer/verified-images.js';
import { setImportFailure } from '../importer/tag-events.js';
import { specTag } from '../api/spec-tags.js';
import { ensureNamespace } from '../server/resources/namespaces.js';
import { guaranteedUpdate } from '../store/guaranteed-update.js';
import { IMAGE_STREAMS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';

export const MANAGED_IMAGE_ANNOTATION = 'openshift.io/image.managed';

export interface WriteResult {
  /** whether anything was written */
  changed: boolean;
}

/**
 * Stores the Image read back from the registry unless a verified one with its digest exists
 * (Images are immutable); one the server did not derive (made through a mapping) is replaced.
 */
export async function createManagedImage(store: Store, input: Image): Promise<WriteResult> {
  const annotations = { ...input.metadata.annotations, [MANAGED_IMAGE_ANNOTATION]: 'true' };
  const image = imageStrategy.prepareForCreate(
    imageStrategy.decode({
      ...input,
      apiVersion: IMAGE_API_VERSION,
      kind: 'Image',
      metadata: { ...input.metadata, annotations },
    }),
  );
  const causes = imageStrategy.validate(image);
  if (causes.length > 0)
    throw invalid(
      { resource: 'images', group: IMAGE_API_GROUP, kind: 'Image', name: image.metadata.name },
      causes,
    );
  // the strategy drops the verified mark of API writes: this one was read from the registry
  const written = await storeVerifiedImage(store, markVerified(image));
  return { changed: written !== ImageWrite.Kept };
}

/** Whether item 0 of the tag already is this image at this reference (a replayed event). */
function alreadyRecorded(stream: ImageStream, tag: string, image: Image): boolean {
  const current = stream.status?.tags?.find((t) => t.tag === tag)?.items?.[0];
  return (
    current?.image === image.metadata.name && current.dockerImageReference === image.dockerImageReference
  );
}

async function createStreamWith(
  store: Store,
  namespace: string,
  name: string,
  record: (stream: ImageStream) => ImageStream,
): Promise<boolean> {
  const decoded = imageStreamStrategy.decode({
    apiVersion: IMAGE_API_VERSION,
    kind: 'ImageStream',
    metadata: { name, namespace },
    spec: {},
  });
  const fresh = record(imageStreamStrategy.prepareForCreate(decoded));
  const causes = imageStreamStrategy.validate(fresh);
  if (causes.length > 0)
    throw invalid({ resource: 'imagestreams', group: IMAGE_API_GROUP, kind: 'ImageStream', name }, causes);
  await ensureNamespace(store, namespace);
  try {
    await store.create(IMAGE_STREAMS, fresh);
    return true;
  } catch (e) {
    // created meanwhile (another push, a user): record on theirs
    if (isStatusError(e) && e.code === 409) return false;
    throw e;
  }
}

export interface TagWrite {
  namespace: string;
  stream: string;
  tag: string;
  image: Image;
  now: Date;
}

/** The ImageStreamMapping write, creating the stream when missing; nothing is written for a replay. */
export async function recordPushedTag(store: Store, w: TagWrite): Promise<WriteResult> {
  if (!(await store.get(IMAGE_STREAMS, w.namespace, w.stream))) {
    const record = (s: ImageStream) => recordTagEvent(s, w.tag, w.image, rfc3339(w.now));
    if (await createStreamWith(store, w.namespace, w.stream, record)) return { changed: true };
  }
  let changed = false;
  await guaranteedUpdate(store, IMAGE_STREAMS, w.namespace, w.stream, (stream) => {
    if (alreadyRecorded(stream, w.tag, w.image)) {
      // the tag's image pushed again after another digest was refused: it passed, so the refusal goes
      const cleared = withoutConditions(stream, w.tag);
      if (!cleared) return undefined;
      changed = true;
      return cleared;
    }
    changed = true;
    return recordTagEvent(stream, w.tag, w.image, rfc3339(w.now));
  });
  return { changed };
}

/** The stream without the tag's conditions; undefined when it has none. */
function withoutConditions(stream: ImageStream, tag: string): ImageStream | undefined {
  const list = stream.status?.tags?.find((t) => t.tag === tag);
  if (!list?.conditions?.length) return undefined;
  const tags = (stream.status?.tags ?? []).map((t) => (t.tag === tag ? { tag, items: t.items } : t));
  return { ...stream, status: { ...stream.status!, tags } };
}

export interface TagRefusal {
  namespace: string;
  stream: string;
  tag: string;
  reason: string;
  message: string;
  now: Date;
}

function withRefusal(stream: ImageStream, r: TagRefusal): { stream: ImageStream; changed: boolean } {
  const copy = structuredClone(stream);
  const generation = specTag(copy, r.tag)?.generation ?? copy.metadata.generation ?? 0;
  const failure = { reason: r.reason, message: r.message, generation };
  const changed = setImportFailure(copy, r.tag, failure, rfc3339(r.now));
  return { stream: copy, changed };
}

/**
 * A push the stream's signature policy refused: the tag keeps its image and gets the
 * ImportSuccess=False condition an import would record (the stream is created when missing, as
 * for a recorded push). `changed` is false when the same refusal was recorded already.
 */
export async function recordRefusedTag(store: Store, r: TagRefusal): Promise<WriteResult> {
  if (!(await store.get(IMAGE_STREAMS, r.namespace, r.stream))) {
    if (await createStreamWith(store, r.namespace, r.stream, (s) => withRefusal(s, r).stream))
      return { changed: true };
  }
  let changed = false;
  await guaranteedUpdate(store, IMAGE_STREAMS, r.namespace, r.stream, (current) => {
    const result = withRefusal(current, r);
    changed = result.changed;
    return result.changed ? result.stream : undefined;
  });
  return { changed };
}
