/**
 * Tags whose source is a tag or image of another stream (`from: ImageStreamTag other:tag`, also
 * across namespaces) copy that stream's current image when they are set, as OpenShift does. The
 * strategy resolves sources within the stream; the streams it names elsewhere are read here, and
 * a source stream that does not exist is a 422 on the tag's `from`.
 */
import type { KubeObject } from '../../api/object.js';
import { invalid } from '../../api/status-error.js';
import { rfc3339 } from '../../api/strategies.js';
import { applySpecTagSources, crossStreamSources } from '../../api/tag-sources.js';
import { IMAGE_API_GROUP, type ImageStream } from '../../api/types.js';
import { IMAGE_STREAMS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';

export async function resolveCrossStreamSources(
  store: Store,
  next: ImageStream,
  old: ImageStream | undefined,
): Promise<ImageStream> {
  const wanted = crossStreamSources(next, old);
  if (wanted.length === 0) return next;
  const found = new Map<string, ImageStream | null>();
  for (const { namespace, name } of wanted) {
    const source = (await store.get(IMAGE_STREAMS, namespace, name)) as ImageStream | undefined;
    found.set(`${namespace}/${name}`, source ?? null);
  }
  const { stream, causes } = applySpecTagSources(
    next,
    old,
    (namespace, name) => found.get(`${namespace}/${name}`),
    rfc3339(new Date()),
  );
  if (causes.length > 0)
    throw invalid(
      { resource: 'imagestreams', group: IMAGE_API_GROUP, kind: 'ImageStream', name: next.metadata.name },
      causes,
    );
  return stream;
}

/** The same, for the generic stored-resource handler. */
export function crossStreamResolver(
  store: Store,
): (next: KubeObject, old: KubeObject | undefined) => Promise<KubeObject> {
  return async (next, old) =>
    (await resolveCrossStreamSources(
      store,
      next as unknown as ImageStream,
      old as unknown as ImageStream | undefined,
    )) as unknown as KubeObject;
}
