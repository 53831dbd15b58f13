/**
 * The columns OpenShift's server prints for `kubectl get` of images, image streams, image stream
 * tags and image stream images (openshift-apiserver pkg/image/printers), cell for cell; image
 * tags are in image-tag-table.ts. Times are go-units' words ("About a minute ago"). Pure.
 */
import type { KubeObject } from '../../api/object.js';
import { relativeAgo } from '../../api/human-duration.js';
import {
  NAME_COLUMN,
  tableFromSteps,
  type TableColumn,
  type TableConvertor,
  type TableRowCondition,
} from './table.js';
import { tagsUpToWidth, type StatusTagLike } from '../../api/tags-up-to-width.js';

export { IMAGE_TAG_TABLE } from './image-tag-table.js';
export { sortStatusTags, tagsUpToWidth } from '../../api/tags-up-to-width.js';

const col = (name: string, description: string, priority = 0): TableColumn => ({
  name,
  type: 'string',
  format: '',
  description,
  priority,
});

const REFERENCE_DOC = 'DockerImageReference is the string that can be used to pull this image.';

function statusTags(stream: KubeObject): StatusTagLike[] {
  const status = stream.status as { tags?: StatusTagLike[] } | undefined;
  return Array.isArray(status?.tags) ? status.tags : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The repository `oc get is` shows: the public one, else the (deprecated) spec one, else status. */
function streamRepository(stream: KubeObject): string {
  const spec = stream.spec as { dockerImageRepository?: unknown } | undefined;
  const status = stream.status as
    { dockerImageRepository?: unknown; publicDockerImageRepository?: unknown } | undefined;
  return (
    str(status?.publicDockerImageRepository) ||
    str(spec?.dockerImageRepository) ||
    str(status?.dockerImageRepository)
  );
}

/** The newest items[0].created of all tags, '' when no tag has an image. */
function latestUpdate(stream: KubeObject): string | undefined {
  let latest: string | undefined;
  let latestMs = 0;
  for (const t of statusTags(stream)) {
    const created = t.items?.[0]?.created ?? undefined;
    const ms = Date.parse(created ?? '');
    if (!Number.isNaN(ms) && ms > latestMs) [latest, latestMs] = [created, ms];
  }
  return latest;
}

interface TagConditionLike {
  type?: unknown;
  status?: unknown;
  reason?: unknown;
  message?: unknown;
}

/**
 * One `ImportSuccess=False` row condition per tag whose last import failed (message `TAG: why`):
 * what a list of streams needs to show failures without reading every stream's whole status.
 */
function failedImports(stream: KubeObject): TableRowCondition[] {
  const out: TableRowCondition[] = [];
  for (const t of statusTags(stream) as (StatusTagLike & { conditions?: TagConditionLike[] })[]) {
    const failed = t.conditions?.find((c) => c.type === 'ImportSuccess' && c.status === 'False');
    if (!failed) continue;
    const why = str(failed.message);
    out.push({
      type: 'ImportSuccess',
      status: 'False',
      reason: str(failed.reason) || 'ImportFailed',
      message: why ? `${t.tag ?? ''}: ${why}` : (t.tag ?? ''),
    });
  }
  return out;
}

export const IMAGE_STREAM_TABLE: TableConvertor = tableFromSteps({
  columns: [
    NAME_COLUMN,
    col(
      'Image Repository',
      'dockerImageRepository represents the effective location this stream may be accessed at.',
    ),
    col('Tags', 'Human readable list of tags.'),
    col('Updated', 'Last update time.'),
  ],
  prepare: (o) => {
    const [name, repository, tags, updated] = [
      o.metadata.name,
      streamRepository(o),
      tagsUpToWidth(statusTags(o), 40),
      latestUpdate(o),
    ];
    return (now) => [name, repository, tags, relativeAgo(updated, now)];
  },
  conditions: failedImports,
});

function imageOf(object: KubeObject): { dockerImageReference?: string; metadata?: { name?: string } } {
  const image = object.image as { dockerImageReference?: string; metadata?: { name?: string } } | undefined;
  return image ?? {};
}

export const IMAGE_STREAM_TAG_TABLE: TableConvertor = {
  columns: [
    NAME_COLUMN,
    col('Image Reference', REFERENCE_DOC),
    col('Updated', 'Last update time.'),
    col('Image Name', 'image associated with the ImageStream and tag.', 1),
  ],
  cells: (o, now) => {
    const image = imageOf(o);
    return [
      o.metadata.name,
      str(image.dockerImageReference),
      relativeAgo(o.metadata.creationTimestamp, now),
      str(image.metadata?.name),
    ];
  },
};

export const IMAGE_STREAM_IMAGE_TABLE: TableConvertor = {
  columns: [
    NAME_COLUMN,
    col('Updated', 'Last update time.'),
    col('Image Reference', REFERENCE_DOC, 1),
    col('Image Name', 'image associated with the ImageStream and image name.', 1),
  ],
  cells: (o, now) => {
    const image = imageOf(o);
    return [
      o.metadata.name,
      relativeAgo(o.metadata.creationTimestamp, now),
      str(image.dockerImageReference),
      str(image.metadata?.name),
    ];
  },
};

export const IMAGE_TABLE: TableConvertor = {
  columns: [NAME_COLUMN, col('Image Reference', REFERENCE_DOC)],
  cells: (o) => [o.metadata.name, str(o.dockerImageReference)],
};
