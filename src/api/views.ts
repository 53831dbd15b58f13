/**
 * The virtual resources as views of a stream (and its Images): ImageStreamTag, ImageTag and
 * ImageStreamImage, shaped as OpenShift's REST storage builds them. Pure.
 */
import { IMAGE_API_VERSION } from './constants.js';
import { imageStreamImageName, imageStreamTagName } from './names.js';
import { specTag, statusTag } from './spec-tags.js';
import { latestTaggedImage, resolveReferenceForTagEvent } from './tag-history.js';
import type { Image, ImageStream, ImageStreamImage, ImageStreamTag, ImageTag, TagEvent } from './types.js';

/** The image as a view embeds it: without the raw manifest and config (they can be large). */
function embeddedImage(image: Image, annotations: Record<string, string> | undefined): Image {
  const { dockerImageManifest: _m, dockerImageConfig: _c, ...rest } = structuredClone(image);
  if (annotations && Object.keys(annotations).length > 0) {
    rest.metadata = { ...rest.metadata, annotations: { ...rest.metadata.annotations, ...annotations } };
  }
  return rest;
}

function emptyImage(name: string): Image {
  return {
    apiVersion: IMAGE_API_VERSION,
    kind: 'Image',
    metadata: { name },
    dockerImageReference: '',
    dockerImageLayers: [],
  };
}

function viewMeta(stream: ImageStream, name: string, creationTimestamp: string | undefined) {
  const m = stream.metadata;
  return {
    name,
    ...(m.namespace !== undefined ? { namespace: m.namespace } : {}),
    ...(m.uid !== undefined ? { uid: m.uid } : {}),
    ...(m.resourceVersion !== undefined ? { resourceVersion: m.resourceVersion } : {}),
    ...(creationTimestamp ? { creationTimestamp } : {}),
  };
}

/**
 * ImageStreamTag `stream:tag`: the tag's current image with the reference policy applied, the
 * spec tag, its conditions; undefined while the tag has no image (GET answers 404 then).
 * `image` is the stored Image of the current digest, if the caller has it.
 */
export function imageStreamTagView(
  stream: ImageStream,
  tag: string,
  image: Image | undefined,
): ImageStreamTag | undefined {
  const event = latestTaggedImage(stream, tag);
  if (!event?.image) return undefined;
  const ref = specTag(stream, tag);
  const annotations = ref?.annotations;
  const embedded = image ? embeddedImage(image, annotations) : emptyImage(event.image);
  embedded.dockerImageReference = resolveReferenceForTagEvent(stream, tag, event);
  const metadata = {
    ...viewMeta(
      stream,
      imageStreamTagName(stream.metadata.name, tag),
      event.created || stream.metadata.creationTimestamp,
    ),
    ...(stream.metadata.labels ? { labels: { ...stream.metadata.labels } } : {}),
    ...(annotations ? { annotations: { ...annotations } } : {}),
  };
  const conditions = statusTag(stream, tag)?.conditions;
  return {
    apiVersion: IMAGE_API_VERSION,
    kind: 'ImageStreamTag',
    metadata,
    tag: ref ? structuredClone(ref) : null,
    generation: event.generation,
    lookupPolicy: { local: stream.spec.lookupPolicy.local },
    ...(conditions?.length ? { conditions: structuredClone(conditions) } : {}),
    image: embedded,
  };
}

/** ImageTag `stream:tag`: spec, status and image of one tag; undefined when the tag is in neither. */
export function imageTagView(
  stream: ImageStream,
  tag: string,
  image: Image | undefined,
): ImageTag | undefined {
  const ref = specTag(stream, tag);
  const list = statusTag(stream, tag);
  if (!ref && !list) return undefined;
  const event = latestTaggedImage(stream, tag);
  let embedded: Image | null = null;
  if (image && event?.image) {
    embedded = embeddedImage(image, ref?.annotations);
    embedded.dockerImageReference = resolveReferenceForTagEvent(stream, tag, event);
  }
  return {
    apiVersion: IMAGE_API_VERSION,
    kind: 'ImageTag',
    metadata: viewMeta(
      stream,
      imageStreamTagName(stream.metadata.name, tag),
      stream.metadata.creationTimestamp,
    ),
    spec: ref ? structuredClone(ref) : null,
    status: list ? structuredClone(list) : null,
    image: embedded,
  };
}

/** The first history event of the stream recording `digest`. */
function eventForImage(stream: ImageStream, digest: string): TagEvent | undefined {
  for (const list of stream.status?.tags ?? []) {
    const hit = list.items?.find((e) => e.image === digest);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * ImageStreamImage `stream@id`; `requested` is the id the client asked for (a prefix is kept in
 * the name, as OpenShift does). The image's reference is the one this stream recorded.
 */
export function imageStreamImageView(
  stream: ImageStream,
  image: Image,
  requested?: string,
): ImageStreamImage {
  const embedded = embeddedImage(image, undefined);
  const event = eventForImage(stream, image.metadata.name);
  if (event) embedded.dockerImageReference = event.dockerImageReference;
  const metadata = {
    ...viewMeta(
      stream,
      imageStreamImageName(stream.metadata.name, requested ?? image.metadata.name),
      image.metadata.creationTimestamp,
    ),
    ...(stream.metadata.annotations ? { annotations: { ...stream.metadata.annotations } } : {}),
  };
  delete (metadata as { resourceVersion?: string }).resourceVersion;
  return { apiVersion: IMAGE_API_VERSION, kind: 'ImageStreamImage', metadata, image: embedded };
}

/** library-go DigestOrImageMatch: `id` is a prefix of the digest or of its hex part. */
function digestMatches(image: string, id: string): boolean {
  if (image.startsWith(id)) return true;
  const colon = image.indexOf(':');
  return colon >= 0 && image.slice(colon + 1).startsWith(id);
}

/**
 * The shortest image id prefix accepted (hex characters after an optional `sha256:`): Docker's
 * short image id. Shorter prefixes would let a caller find images by trying 16 values a character.
 */
const MIN_IMAGE_ID_PREFIX = 12;

/** Why `id` cannot name an image by prefix, or undefined when it can. */
export function imageIdProblem(id: string): string | undefined {
  const hex = id.slice(id.indexOf(':') + 1);
  if (hex.length >= MIN_IMAGE_ID_PREFIX) return undefined;
  return `an image id must be a digest or a prefix of at least ${MIN_IMAGE_ID_PREFIX} characters of its hex part`;
}

/**
 * The image of the stream's history that `id` (a digest, or a prefix of one, with or without the
 * algorithm, at least MIN_IMAGE_ID_PREFIX long) names; 'ambiguous' when several match (409),
 * undefined when none (404).
 */
export function findImageInStream(
  stream: ImageStream,
  id: string,
): { digest: string; event: TagEvent } | 'ambiguous' | undefined {
  if (imageIdProblem(id) !== undefined) return undefined;
  const matches = new Map<string, TagEvent>();
  for (const list of stream.status?.tags ?? []) {
    for (const event of list.items ?? []) {
      if (event.image && digestMatches(event.image, id) && !matches.has(event.image))
        matches.set(event.image, event);
    }
  }
  if (matches.size > 1) return 'ambiguous';
  const [hit] = matches;
  return hit ? { digest: hit[0], event: hit[1] } : undefined;
}

/** Tags that have an image (the ImageStreamTags that exist), sorted. */
export function imageStreamTagNames(stream: ImageStream): string[] {
  return (stream.status?.tags ?? [])
    .filter((t) => Boolean(t.items?.[0]?.image))
    .map((t) => t.tag)
    .sort();
}
