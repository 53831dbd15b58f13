/**
 * The 409 of a conflicting apply, worded as kube-apiserver words it: one cause per field
 * (`FieldManagerConflict`, the field as `.spec.tags[name="latest"].from.name`, the manager), and
 * a message naming every field and manager. Pure.
 */
import { StatusError, StatusReason, type StatusCause } from '../../api/status-error.js';
import type { FieldSet } from './field-set.js';
import { Operation, type ManagerEntry } from './managed-fields.js';
import { displayPath } from './path-element.js';

export interface Conflict {
  manager: ManagerEntry;
  fields: FieldSet;
}

/** `"name"`, `"name" using image.openshift.io/v1` for an update, plus the subresource. */
function describeManager(e: Omit<ManagerEntry, 'set'>): string {
  let out = JSON.stringify(e.manager);
  if (e.subresource) out += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === Operation.Update) out += ` using ${e.apiVersion}`;
  return out;
}

function flatten(conflicts: readonly Conflict[]): { manager: string; field: string }[] {
  const out: { manager: string; field: string }[] = [];
  for (const c of conflicts)
    for (const path of c.fields.paths())
      out.push({ manager: describeManager(c.manager), field: displayPath(path) });
  return out.sort((a, b) =>
    a.manager !== b.manager ? (a.manager < b.manager ? -1 : 1) : a.field < b.field ? -1 : 1,
  );
}

function message(items: readonly { manager: string; field: string }[]): string {
  const first = items[0];
  if (items.length === 1 && first)
    return `Apply failed with 1 conflict: conflict with ${first.manager}: ${first.field}`;
  const lines: string[] = [];
  let current = '';
  for (const item of items) {
    if (item.manager !== current) {
      current = item.manager;
      lines.push(`conflicts with ${item.manager}:`);
    }
    lines.push(`- ${item.field}`);
  }
  return `Apply failed with ${items.length} conflicts: ${lines.join('\n')}`;
}

export function conflictError(conflicts: readonly Conflict[]): StatusError {
  const items = flatten(conflicts);
  const causes: StatusCause[] = items.map((i) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${i.manager}`,
    field: i.field,
  }));
  return new StatusError(409, StatusReason.Conflict, message(items), { causes });
}
