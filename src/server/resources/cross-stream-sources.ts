/**
 * Tags whose source is a tag or image of another stream (`from: ImageStreamTag other:tag`, also
 * across namespaces) copy that stream's current image when they are set, as OpenShift does. The
 * strategy resolves sources within the stream; the streams it names elsewhere are read here, and
 * a source stream that does not exist is a 422 on the tag's `from`.
 *
 * A source in another namespace needs the requesting user's read grant there (OpenShift's
 * TagVerifier: `get imagestreams/layers` on the source), checked before the source is looked up,
 * so that the 403 is the same whether the source exists or not.
 *
 * Into a stream under a signature policy a copied image must pass the importer's check
 * (signature-gate.ts, ADR 0011): when it does not, the tag keeps its image and gets
 * ImportSuccess=False SignatureMissing/SignatureInvalid, as an import would record.
 */
import { invalid } from '../../api/status-error.js';
import { rfc3339 } from '../../api/rfc3339.js';
import { applySpecTagSources, crossStreamSources, foreignSources } from '../../api/tag-sources.js';
import {
  IMAGE_API_GROUP,
  type Image,
  type ImageStream,
  type TagEvent,
  type TagReference,
} from '../../api/types.js';
import { isStatusError } from '../../api/status-error.js';
import { setImportFailure } from '../../importer/tag-events.js';
import type { TagMoveGate } from './signature-gate.js';
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

const COPIED_KINDS: ReadonlySet<string> = new Set(['ImageStreamTag', 'ImageStreamImage']);

const currentOf = (stream: ImageStream, tag: string): TagEvent | undefined =>
  stream.status?.tags?.find((t) => t.tag === tag)?.items?.[0] ?? undefined;

/** The tag as it was before this write, with the refusal as its ImportSuccess=False condition. */
function refuse(stream: ImageStream, before: ImageStream, tag: string, refusal: Error & { reason: string }) {
  const out = structuredClone(stream);
  const kept = before.status?.tags?.find((t) => t.tag === tag);
  const tags = (out.status?.tags ?? []).filter((t) => t.tag !== tag);
  if (kept) tags.push(structuredClone(kept));
  out.status = { ...out.status!, tags };
  const generation = out.spec.tags?.find((t) => t.name === tag)?.generation ?? out.metadata.generation ?? 0;
  const failure = { reason: refusal.reason, message: refusal.message, generation };
  setImportFailure(out, tag, failure, rfc3339(new Date()));
  return out;
}

/** The image a tag copied from another tag (or image) moved to in this write; undefined when it did not. */
function copiedImage(before: ImageStream, after: ImageStream, ref: TagReference): Image | undefined {
  if (!COPIED_KINDS.has(ref.from?.kind ?? '')) return undefined;
  const moved = currentOf(after, ref.name);
  if (!moved || moved.image === currentOf(before, ref.name)?.image) return undefined;
  return { metadata: { name: moved.image }, dockerImageReference: moved.dockerImageReference } as Image;
}

/**
 * Tags copied from another tag (or image) whose current image this write changed pass the
 * destination's signature policy; a refused one keeps what it had, with the refusal as condition.
 */
async function gateCopiedImages(
  gate: TagMoveGate,
  before: ImageStream,
  after: ImageStream,
): Promise<ImageStream> {
  let out = after;
  const namespace = after.metadata.namespace ?? '';
  for (const ref of after.spec.tags ?? []) {
    const image = copiedImage(before, after, ref);
    if (!image) continue;
    try {
      await gate({ namespace, stream: before, tag: ref.name, image });
    } catch (e) {
      if (!(isStatusError(e) && e.code === 403)) throw e;
      out = refuse(out, before, ref.name, e);
    }
  }
  return out;
}

export async function resolveCrossStreamSources(
  store: Store,
  next: ImageStream,
  old: ImageStream | undefined,
  user: UserInfo,
  gate?: TagMoveGate,
): Promise<ImageStream> {
  const resolved = await resolveSources(store, next, old, user);
  return gate ? gateCopiedImages(gate, next, resolved) : resolved;
}

async function resolveSources(
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
    const source = await store.get(IMAGE_STREAMS, namespace, name);
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
  gate?: TagMoveGate,
): (next: ImageStream, old: ImageStream | undefined, scope: RequestScope) => Promise<ImageStream> {
  return (next, old, scope) => resolveCrossStreamSources(store, next, old, scope.user, gate);
}
