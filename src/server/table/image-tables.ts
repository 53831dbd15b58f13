/** The columns `oc get` prints for image streams, image stream tags, image tags and images. Pure. */
import type { KubeObject } from '../../api/object.js';
import { NAME_COLUMN, age, type TableColumn, type TableConvertor } from './table.js';

interface TagEventLike {
  created?: string;
  dockerImageReference?: string;
  image?: string;
}
interface TagListLike {
  tag?: string;
  items?: TagEventLike[];
}

const col = (name: string, description: string, priority = 0): TableColumn => ({
  name,
  type: 'string',
  format: '',
  description,
  priority,
});

function statusTags(stream: KubeObject): TagListLike[] {
  const status = stream.status as { tags?: TagListLike[] } | undefined;
  return Array.isArray(status?.tags) ? status.tags : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The repository `oc get is` shows: the public one, else status, else the (deprecated) spec one. */
export function streamRepository(stream: KubeObject): string {
  const spec = stream.spec as { dockerImageRepository?: unknown } | undefined;
  const status = stream.status as
    { dockerImageRepository?: unknown; publicDockerImageRepository?: unknown } | undefined;
  return (
    str(status?.publicDockerImageRepository) ||
    str(spec?.dockerImageRepository) ||
    str(status?.dockerImageRepository)
  );
}

/** Tags that have an image, the most recently updated first (ties by name). */
export function taggedByRecency(stream: KubeObject): { tag: string; created: number }[] {
  return statusTags(stream)
    .filter((t) => t.tag && t.items && t.items.length > 0)
    .map((t) => ({ tag: t.tag!, created: Date.parse(t.items![0]!.created ?? '') || 0 }))
    .sort((a, b) => b.created - a.created || a.tag.localeCompare(b.tag));
}

/** `a,b,c + 2 more...` within about `width` characters, as `oc get is` prints them. */
export function tagsUpToWidth(tags: string[], width: number): string {
  let out = '';
  for (const [i, tag] of tags.entries()) {
    const next = out === '' ? tag : `${out},${tag}`;
    if (out !== '' && next.length > width) return `${out} + ${tags.length - i} more...`;
    out = next;
  }
  return out;
}

function updated(stream: KubeObject, now: Date): string {
  const latest = taggedByRecency(stream)[0];
  if (!latest || latest.created === 0) return '';
  return `${age(new Date(latest.created).toISOString(), now)} ago`;
}

export const IMAGE_STREAM_TABLE: TableConvertor = {
  columns: [
    NAME_COLUMN,
    col('Image Repository', 'The repository that serves the images of the stream.'),
    col('Tags', 'The tags that have an image, the most recently updated first.'),
    col('Updated', 'When a tag of the stream last got a new image.'),
    col('Age', 'When the stream was created.', 1),
  ],
  cells: (o, now) => [
    o.metadata.name,
    streamRepository(o),
    tagsUpToWidth(
      taggedByRecency(o).map((t) => t.tag),
      40,
    ),
    updated(o, now),
    age(o.metadata.creationTimestamp, now),
  ],
};

function tagImage(object: KubeObject): {
  dockerImageReference?: string;
  metadata?: { name?: string; creationTimestamp?: string };
} {
  const image = object.image as { dockerImageReference?: string; metadata?: { name?: string } } | undefined;
  return image ?? {};
}

export const IMAGE_STREAM_TAG_TABLE: TableConvertor = {
  columns: [
    NAME_COLUMN,
    col('Image Reference', 'The pull spec of the image the tag points to.'),
    col('Updated', 'When the tag got its image.'),
    col('Image Name', 'The digest of the image.', 1),
  ],
  cells: (o, now) => {
    const image = tagImage(o);
    return [
      o.metadata.name,
      str(image.dockerImageReference),
      `${age(o.metadata.creationTimestamp, now)} ago`,
      str(image.metadata?.name),
    ];
  },
};

export const IMAGE_TAG_TABLE: TableConvertor = {
  columns: [
    NAME_COLUMN,
    col('Spec', 'Where the tag is set from.'),
    { ...col('History', 'How many images the tag has had.'), type: 'integer' },
    col('Updated', 'When the tag got its current image.'),
  ],
  cells: (o, now) => {
    const spec = o.spec as { from?: { kind?: string; name?: string } } | undefined;
    const status = o.status as { items?: TagEventLike[] } | undefined;
    const items = status?.items ?? [];
    const from = spec?.from ? `${spec.from.kind ?? ''} ${spec.from.name ?? ''}`.trim() : '';
    const created = items[0]?.created;
    return [o.metadata.name, from, items.length, created ? `${age(created, now)} ago` : ''];
  },
};

export const IMAGE_TABLE: TableConvertor = {
  columns: [NAME_COLUMN, col('Image Reference', 'The pull spec of the image.')],
  cells: (o) => [o.metadata.name, str(o.dockerImageReference)],
};
