/**
 * `kubectl get imagetags`: NAME SPEC STATUS HISTORY UPDATED, cell for cell as OpenShift's
 * `printImageTag` computes them (Tag/Ref/Scheduled/Track/Push, the source or the import
 * failure, the history length, the last change). Pure.
 */
import type { KubeObject } from '../../api/object.js';
import { relativeAgo } from '../../api/human-duration.js';
import { NAME_COLUMN, type TableConvertor } from './table.js';

interface SpecLike {
  reference?: boolean;
  importPolicy?: { scheduled?: boolean };
  generation?: number | null;
  from?: { kind?: string; name?: string; namespace?: string } | null;
}
interface EventLike {
  created?: string;
  image?: string;
  dockerImageReference?: string;
  generation?: number;
}
interface StatusLike {
  items?: EventLike[] | null;
  conditions?: { type?: string; status?: string; reason?: string; lastTransitionTime?: string }[] | null;
}

interface Cells {
  spec: string;
  source: string;
  status: string;
  generation: number;
}

function specKind(spec: SpecLike): string {
  if (spec.importPolicy?.scheduled) return 'Scheduled';
  return spec.reference ? 'Ref' : 'Tag';
}

/** what the spec says: its kind of tag and its source (or why the source is invalid) */
function fromSpec(spec: SpecLike | null | undefined): Cells {
  const cells: Cells = { spec: '', source: '', status: '', generation: spec?.generation ?? 0 };
  const from = spec?.from;
  if (!spec || !from) return cells;
  cells.spec = specKind(spec);
  const name = from.name ?? '';
  if (from.kind === 'DockerImage') cells.source = name;
  else if (from.kind === 'ImageStreamImage') {
    const at = name.indexOf('@');
    if (at >= 0) cells.source = `image/${name.slice(at + 1)}`;
    else cells.status = 'InvalidRefName';
  } else if (from.kind === 'ImageStreamTag') {
    cells.source = from.namespace ? `istag ${from.namespace}/${name}` : `istag/${name}`;
    // a tag naming another tag of the same stream (no `stream:`) tracks it
    if (!name.includes(':')) cells.spec = 'Track';
  } else cells.status = 'InvalidRefKind';
  return cells;
}

function applyLatest(cells: Cells, event: EventLike): void {
  const { generation } = cells;
  const eventGeneration = event.generation ?? 0;
  if (generation > 0 && eventGeneration > 0 && eventGeneration < generation) cells.status = 'Importing';
  else if (event.image) cells.source = `image/${event.image}`;
  else if (event.dockerImageReference) cells.source = event.dockerImageReference;
  if (cells.source && !cells.spec) cells.spec = 'Push';
  else if (cells.spec !== 'Track' && generation > 0 && eventGeneration > generation) cells.spec = 'Push';
}

/** The last change: the newest history entry or condition transition. */
function applyStatus(cells: Cells, status: StatusLike): number {
  const items = status.items ?? [];
  let last = Date.parse(items[0]?.created ?? '') || 0;
  if (items[0]) applyLatest(cells, items[0]);
  for (const c of status.conditions ?? []) {
    if (c.type === 'ImportSuccess' && c.status === 'False') cells.status = `ImportFailed (${c.reason ?? ''})`;
    const t = Date.parse(c.lastTransitionTime ?? '') || 0;
    if (t > last) last = t;
  }
  return last;
}

function imageTagCells(o: KubeObject, now: Date): unknown[] {
  const cells = fromSpec(o.spec as SpecLike | null | undefined);
  const status = o.status as StatusLike | null | undefined;
  let updated = '';
  let count = 0;
  if (status) {
    count = status.items?.length ?? 0;
    const last = applyStatus(cells, status);
    if (last > 0) updated = relativeAgo(new Date(last).toISOString(), now);
  }
  return [o.metadata.name, cells.spec, cells.status || cells.source, count > 0 ? count : null, updated];
}

const column = (name: string, description: string, type: 'string' | 'number' = 'string') => ({
  name,
  type,
  format: '',
  description,
  priority: 0,
});

export const IMAGE_TAG_TABLE: TableConvertor = {
  columns: [
    NAME_COLUMN,
    column(
      'Spec',
      'Spec is the spec tag associated with this image stream tag, and it may be null if only pushes have occurred to this image stream.',
    ),
    column(
      'Status',
      'Status is the status tag details associated with this image stream tag, and it may be null if no push or import has been performed.',
    ),
    column('History', 'Number of history entries', 'number'),
    column('Updated', 'Last updated at'),
  ],
  cells: imageTagCells,
};
