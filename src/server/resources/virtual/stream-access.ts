/**
 * Reading and writing image streams on behalf of the virtual resources (imagestreamtags,
 * imagetags, imagestreammappings): every spec change goes through the ImageStream strategy, so
 * generations and validation are the same as for a direct write.
 */
import { invalid, isStatusError, notFound } from '../../../api/status-error.js';
import { imageStreamStrategy } from '../../../api/strategies.js';
import { IMAGE_API_GROUP, IMAGE_API_VERSION, type Image, type ImageStream } from '../../../api/types.js';
import type { Store } from '../../../store/store.js';
import type { StreamAdmission } from '../../../api/validation/registry-whitelist.js';
import { IMAGES, IMAGE_STREAMS } from '../image-resources.js';
import { resolveCrossStreamSources } from '../cross-stream-sources.js';
import type { TagMoveGate } from '../signature-gate.js';
import { ensureNamespace } from '../namespaces.js';
import type { UserInfo } from '../resource-def.js';
import { checkResourceVersion, updateWithRetry } from '../update-loop.js';

export async function getStream(store: Store, namespace: string, name: string): Promise<ImageStream> {
  const stream = await store.get(IMAGE_STREAMS, namespace, name);
  if (!stream) throw notFound({ resource: 'imagestreams', group: IMAGE_API_GROUP, name });
  return stream;
}

export async function getImage(store: Store, name: string | undefined): Promise<Image | undefined> {
  if (!name) return undefined;
  return store.get(IMAGES, undefined, name);
}

function checkValid(stream: ImageStream, causes: ReturnType<typeof imageStreamStrategy.validate>): void {
  if (causes.length > 0)
    throw invalid(
      { resource: 'imagestreams', group: IMAGE_API_GROUP, kind: 'ImageStream', name: stream.metadata.name },
      causes,
    );
}

function emptyStream(namespace: string, name: string): ImageStream {
  return imageStreamStrategy.decode({
    apiVersion: IMAGE_API_VERSION,
    kind: 'ImageStream',
    metadata: { name, namespace },
    spec: {},
  });
}

export interface StreamWrite {
  namespace: string;
  name: string;
  /** the client's resourceVersion (of the stream): a precondition */
  resourceVersion?: string;
  /** create the stream when it does not exist */
  create: boolean;
  dryRun: boolean;
  /** who asks: a tag source in another namespace needs their read grant there */
  user: UserInfo;
  /** the change removes status too (a deleted tag): keep the status `mutate` returned */
  statusFromMutation?: boolean;
  /** causes beyond validation that refuse the write (the registry allow list) */
  admit?: StreamAdmission;
  /** the signature policy of tags copied from other tags (signature-gate.ts) */
  gate?: TagMoveGate;
}

async function createStream(
  store: Store,
  w: StreamWrite,
  mutate: (s: ImageStream, existed: boolean) => ImageStream,
): Promise<ImageStream | undefined> {
  const fresh = await resolveCrossStreamSources(
    store,
    imageStreamStrategy.prepareForCreate(
      imageStreamStrategy.decode(mutate(emptyStream(w.namespace, w.name), false)),
    ),
    undefined,
    w.user,
    w.gate,
  );
  checkValid(fresh, [...(w.admit?.(fresh, undefined) ?? []), ...imageStreamStrategy.validate(fresh)]);
  if (w.dryRun) return fresh;
  await ensureNamespace(store, w.namespace);
  try {
    return await store.create(IMAGE_STREAMS, fresh);
  } catch (e) {
    // created by someone else meanwhile: edit theirs
    if (isStatusError(e) && e.code === 409) return undefined;
    throw e;
  }
}

/** Applies a spec change to the stream (creating it when asked), through the ImageStream strategy. */
export async function writeStreamSpec(
  store: Store,
  w: StreamWrite,
  mutate: (s: ImageStream, existed: boolean) => ImageStream,
): Promise<ImageStream> {
  if (w.create && !(await store.get(IMAGE_STREAMS, w.namespace, w.name))) {
    const created = await createStream(store, w, mutate);
    if (created) return created;
  }
  const out = await updateWithRetry(
    store,
    IMAGE_STREAMS,
    w.namespace,
    w.name,
    async (old) => {
      checkResourceVersion(IMAGE_STREAMS, old, w.resourceVersion);
      const mutated = mutate(structuredClone(old), true);
      const next = await resolveCrossStreamSources(
        store,
        imageStreamStrategy.prepareForUpdate(imageStreamStrategy.decode(mutated), old),
        old,
        w.user,
        w.gate,
      );
      if (w.statusFromMutation) next.status = mutated.status;
      checkValid(next, [...(w.admit?.(next, old) ?? []), ...imageStreamStrategy.validateUpdate(next, old)]);
      return next;
    },
    w.dryRun,
  );
  return out;
}

/** Server-owned status changes (tag history): no strategy, the caller computed the new status. */
export async function writeStreamStatus(
  store: Store,
  namespace: string,
  name: string,
  mutate: (s: ImageStream) => ImageStream,
  dryRun: boolean,
): Promise<ImageStream> {
  const out = await updateWithRetry(store, IMAGE_STREAMS, namespace, name, mutate, dryRun);
  return out;
}
