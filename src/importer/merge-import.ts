/**
 * The stream half of an ImageStreamImport (OpenShift's `createImages`/`importSuccessful`): given
 * the registry results, compute the stream to write and the Images to create. Pure and
 * re-runnable: on a write conflict the caller re-reads the stream and merges again, without going
 * back to the registry. When nothing changed (and the stream was checked before), `changed` is
 * false and the caller writes nothing, so there is no new resourceVersion.
 */
import { rfc3339 } from '../api/rfc3339.js';
import { isDeepStrictEqual } from 'node:util';
import type { Image, ImageStream, TagEvent, TagReference } from '../api/types.js';
import { exactReference, parseImportReference, withTag } from './image-ref.js';
import type {
  ImageImportStatus,
  ImageStreamImportObject,
  ImageStreamImportStatus,
  ImportPolicy,
  ReferencePolicy,
} from './import-types.js';
import { DOCKER_REPOSITORY_CHECK_ANNOTATION } from './needs-import.js';
import { addTagEvent, clearImportCondition, updateTrackingTags } from '../api/tag-history.js';
import { setImportFailure } from './tag-events.js';
import type { TagSelection } from './tag-policy/select-tag.js';
import { holdForCooldown, pruneRecords, recordSelections } from './tag-policy/stream-records.js';

export interface ApplyImportResult {
  stream: ImageStream;
  /** the stream does not exist yet */
  create: boolean;
  /** false: write nothing */
  changed: boolean;
  /** Images to create (AlreadyExists is fine), children of lists first */
  images: Image[];
}

interface MergeState {
  stream: ImageStream;
  nextGeneration: number;
  now: string;
  touched: Set<string>;
  images: Map<string, Image>;
  /** the import's time, for the cooldown clock */
  date: Date;
}

function newStream(name: string, namespace: string): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace, generation: 0 },
    spec: { lookupPolicy: { local: false }, tags: [] },
    status: { dockerImageRepository: '', tags: [] },
  };
}

function specTag(st: MergeState, name: string): TagReference | undefined {
  return st.stream.spec?.tags?.find((t) => t.name === name);
}

function cleanPolicy(p: ImportPolicy | undefined): ImportPolicy {
  const out: ImportPolicy = {};
  if (p?.insecure) out.insecure = true;
  if (p?.scheduled) out.scheduled = true;
  out.importMode = p?.importMode || 'Legacy';
  return out;
}

/** OpenShift's ensureSpecTag: (re)points the spec tag at `from`; `reset` false keeps an existing one. */
function ensureSpecTag(
  st: MergeState,
  tag: string,
  from: string,
  policy: ImportPolicy | undefined,
  refPolicy: ReferencePolicy | undefined,
  reset: boolean,
): void {
  const existing = specTag(st, tag);
  if (existing && !reset) return;
  const ref = (existing ?? { name: tag }) as TagReference;
  ref.from = { kind: 'DockerImage', name: from } as TagReference['from'];
  ref.importPolicy = cleanPolicy(policy) as TagReference['importPolicy'];
  if (!ref.referencePolicy?.type)
    ref.referencePolicy = { type: refPolicy?.type || 'Source' } as TagReference['referencePolicy'];
  if (!existing) {
    const tags = ((st.stream.spec ??= { lookupPolicy: { local: false }, tags: [] }).tags ??= []);
    tags.push(ref);
    tags.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  st.touched.add(tag);
}

function hasTagChanged(st: MergeState, tag: string, event: TagEvent): boolean {
  const previous = st.stream.status?.tags?.find((t) => t.tag === tag)?.items?.[0];
  const spec = specTag(st, tag);
  if (!previous || spec?.generation === undefined || spec.generation === null) return true;
  return (
    previous.dockerImageReference !== event.dockerImageReference ||
    previous.image !== event.image ||
    spec.generation > previous.generation
  );
}

/** a tag's import that brought an image */
type Imported = ImageImportStatus & { image: Image };
const imported = (r: ImageImportStatus): r is Imported => r.status.status === 'Success' && !!r.image;

function importSucceeded(
  st: MergeState,
  result: Imported,
  tag: string,
  from: string,
  policy: ImportPolicy | undefined,
  refPolicy: ReferencePolicy | undefined,
): void {
  const image = result.image;
  const event: TagEvent = {
    created: st.now,
    dockerImageReference: image.dockerImageReference,
    image: image.metadata.name,
    generation: st.nextGeneration,
  };
  if (hasTagChanged(st, tag, event)) {
    ensureSpecTag(st, tag, from, policy, refPolicy, true);
    st.stream = addTagEvent(st.stream, tag, event).stream;
    st.stream = updateTrackingTags(st.stream, tag, event).stream;
  }
  const spec = specTag(st, tag);
  const wanted = cleanPolicy(policy);
  if (spec && !isDeepStrictEqual(cleanPolicy(spec.importPolicy ?? undefined), wanted)) {
    spec.importPolicy = wanted as TagReference['importPolicy'];
    st.touched.add(tag);
  }
  st.stream = clearImportCondition(st.stream, tag).stream;
  for (const m of result.manifests ?? []) st.images.set(m.metadata.name, m);
  st.images.set(image.metadata.name, image);
}

function importFailed(st: MergeState, result: ImageImportStatus, tag: string): void {
  const message = result.status.message || 'unknown error prevented import';
  const changed = setImportFailure(
    st.stream,
    tag,
    { reason: String(result.status.reason), message, generation: st.nextGeneration },
    st.now,
  );
  // OpenShift resets the tag's generation with a new failure so the two stay comparable
  if (changed && specTag(st, tag)) st.touched.add(tag);
}

function mergeRepository(
  st: MergeState,
  isi: ImageStreamImportObject,
  status: ImageStreamImportStatus,
): void {
  const spec = isi.spec.repository;
  if (!spec || !status.repository) return;
  let base;
  try {
    base = parseImportReference(spec.from.name);
  } catch {
    return;
  }
  for (const result of status.repository.images) {
    if (!result.tag) continue;
    if (!imported(result)) importFailed(st, result, result.tag);
    else
      importSucceeded(
        st,
        result,
        result.tag,
        exactReference(withTag(base, result.tag)),
        spec.importPolicy,
        spec.referencePolicy,
      );
  }
}

function held(st: MergeState, tag: string, result: Imported): boolean {
  const image = result.image;
  const reference = image.dockerImageReference ?? '';
  const registryTag = result.tag;
  return holdForCooldown(st.stream, tag, { digest: image.metadata.name, reference, registryTag }, st.date);
}

function mergeImages(st: MergeState, isi: ImageStreamImportObject, status: ImageStreamImportStatus): void {
  (isi.spec.images ?? []).forEach((spec, i) => {
    const result = status.images?.[i];
    const tag = spec.to?.name;
    if (!tag || !result) return;
    if (!imported(result)) {
      importFailed(st, result, tag);
      ensureSpecTag(st, tag, spec.from.name, spec.importPolicy, spec.referencePolicy, false);
    } else if (held(st, tag, result)) {
      // the registry answered: a failure before is over, though the tag waits for its min-age
      st.stream = clearImportCondition(st.stream, tag).stream;
    } else {
      importSucceeded(st, result, tag, spec.from.name, spec.importPolicy, spec.referencePolicy);
    }
  });
}

function finish(st: MergeState, original: ImageStream | undefined): ApplyImportResult {
  const stream = st.stream;
  if (st.touched.size > 0) {
    stream.metadata.generation = st.nextGeneration;
    for (const t of stream.spec?.tags ?? []) if (st.touched.has(t.name)) t.generation = st.nextGeneration;
  }
  const checked = Boolean(original?.metadata.annotations?.[DOCKER_REPOSITORY_CHECK_ANNOTATION]);
  const changed = !original || !checked || !isDeepStrictEqual(original, stream);
  if (changed) {
    stream.metadata.annotations = {
      ...stream.metadata.annotations,
      [DOCKER_REPOSITORY_CHECK_ANNOTATION]: st.now,
    };
  }
  return { stream, create: !original, changed, images: [...st.images.values()] };
}

/** The stream after recording `status` (the executor's result) for `isi`. */
export function applyImport(
  current: ImageStream | undefined,
  isi: ImageStreamImportObject,
  status: ImageStreamImportStatus,
  options: { namespace: string; now: Date; selections?: ReadonlyMap<string, TagSelection> },
): ApplyImportResult {
  const stream = current ? structuredClone(current) : newStream(isi.metadata.name, options.namespace);
  const st: MergeState = {
    stream,
    nextGeneration: (stream.metadata.generation ?? 0) + 1,
    now: rfc3339(options.now),
    touched: new Set(),
    images: new Map(),
    date: options.now,
  };
  mergeRepository(st, isi, status);
  if (options.selections) recordSelections(st.stream, options.selections);
  mergeImages(st, isi, status);
  pruneRecords(st.stream);
  return finish(st, current);
}
