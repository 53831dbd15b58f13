/**
 * Tags whose source is a tag or image of another stream (`from: ImageStreamTag other:tag`, also
 * across namespaces) copy that stream's current image when they are set, as OpenShift does. The
 * strategy resolves sources within the stream; the streams it names elsewhere are read here, and
 * a source stream that does not exist is a 422 on the tag's `from`.
 *
 * A source in another namespace needs the requesting user's read grant there (OpenShift's
 * TagVerifier: `get imagestreams/layers` on the source), checked before the source is looked up,
 * so that the 403 is the same whether the source exists or not.
 */
import type { KubeObject } from '../../api/object.js';
import { invalid } from '../../api/status-error.js';
import { rfc3339 } from '../../api/rfc3339.js';
import { applySpecTagSources, crossStreamSources, foreignSources } from '../../api/tag-sources.js';
import { IMAGE_API_GROUP, type ImageStream } from '../../api/types.js';
import { IMAGE_STREAMS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import { checkSourceAccess } from '../auth/source-access.js';
import type { RequestScope, UserInfo } from './resource-def.js';

/** 403 when a changed tag copies from a namespace the user may not read. */
async function checkTagSourceAccess(
  user: UserInfo,
  next: ImageStream,
  old: ImageStream | undefined,
): Promise<void> {
  const sources = foreignSources(next, old).map((s) => ({
    namespace: s.namespace,
    name: s.name,
    field: `spec.tags[${s.index}].from`,
  }));
  await checkSourceAccess(
    user,
    { name: next.metadata.name, group: IMAGE_API_GROUP, kind: 'imagestreams' },
    sources,
  );
}

export async function resolveCrossStreamSources(
  store: Store,
  next: ImageStream,
  old: ImageStream | undefined,
  user: UserInfo,
): Promise<ImageStream> {
  await checkTagSourceAccess(user, next, old);
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
): (next: KubeObject, old: KubeObject | undefined, scope: RequestScope) => Promise<KubeObject> {
  return async (next, old, scope) =>
    (await resolveCrossStreamSources(
      store,
      next as unknown as ImageStream,
      old as unknown as ImageStream | undefined,
      scope.user,
    )) as unknown as KubeObject;
}
