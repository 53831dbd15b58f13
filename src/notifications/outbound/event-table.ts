/**
 * How `kubectl get events` prints Events: the columns of the Kubernetes API server (LAST SEEN,
 * TYPE, REASON, OBJECT, MESSAGE; the rest with -o wide).
 */
import { z } from 'zod';
import type { KubeObject } from '../../api/object.js';
import type { ResourceRegistry } from '../../server/resources/resource-def.js';
import { age, NAME_COLUMN, type TableColumn, type TableConvertor } from '../../server/table/table.js';

const column = (
  name: string,
  description: string,
  priority = 0,
  type: TableColumn['type'] = 'string',
): TableColumn => ({ name, type, format: '', description, priority });

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Events are stored without a schema: what the columns show is read leniently, never an error. */
const shown = z.string().optional().catch(undefined);
const InvolvedObjectSchema = z.object({ kind: shown, name: shown, fieldPath: shown }).catch({});
const EventSourceSchema = z.object({ component: shown }).catch({});

function involved(event: KubeObject): { kind: string; name: string; fieldPath: string } {
  const o = InvolvedObjectSchema.parse(event.involvedObject ?? {});
  return { kind: text(o.kind), name: text(o.name), fieldPath: text(o.fieldPath) };
}

function source(event: KubeObject): string {
  const s = EventSourceSchema.parse(event.source ?? {});
  return text(s.component) || text(event.reportingComponent);
}

const EVENT_TABLE: TableConvertor = {
  columns: [
    column('Last Seen', 'Time of the last occurrence'),
    column('Type', 'Type of this event (Normal, Warning)'),
    column('Reason', 'Why the action was taken'),
    column('Object', 'The object this event is about'),
    column('Subobject', 'The part of the object, if any', 1),
    column('Source', 'The component reporting this event', 1),
    column('Message', 'A human-readable description'),
    column('First Seen', 'Time of the first occurrence', 1),
    column('Count', 'How many times this event occurred', 1, 'integer'),
    { ...NAME_COLUMN, priority: 1 },
  ],
  cells: (e, now) => {
    const obj = involved(e);
    const last = text(e.lastTimestamp) || text(e.eventTime) || e.metadata.creationTimestamp;
    return [
      age(last, now),
      text(e.type),
      text(e.reason),
      `${obj.kind.toLowerCase()}/${obj.name}`,
      obj.fieldPath,
      source(e),
      text(e.message),
      age(text(e.firstTimestamp) || e.metadata.creationTimestamp, now),
      typeof e.count === 'number' ? e.count : 1,
      e.metadata.name,
    ];
  },
};

/** Gives the served `events` resource these columns unless it already has its own. */
export function installEventTable(resources: ResourceRegistry): void {
  const def = resources.find('', 'v1', 'events');
  if (def && !def.table) resources.add({ ...def, table: EVENT_TABLE });
}
