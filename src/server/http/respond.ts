/** How a handler's result goes out: JSON object, or a Table for `kubectl get`. */
import type { FastifyReply } from 'fastify';
import type { KubeObject } from '../../api/object.js';
import type { Status } from '../../api/status-error.js';
import type { ObjectList, ResourceDef } from '../resources/resource-def.js';
import { DEFAULT_TABLE, buildTable, type Table } from '../table/table.js';
import { ResponseKind, type IncludeObject } from './negotiation.js';

export interface Representation {
  kind: ResponseKind;
  include: IncludeObject;
  now: Date;
}

function isList(v: KubeObject | ObjectList | Status): v is ObjectList {
  return Array.isArray((v as ObjectList).items);
}

export function represent(
  def: ResourceDef,
  value: KubeObject | ObjectList | Status,
  how: Representation,
): unknown {
  if (how.kind !== ResponseKind.Table || value.kind === 'Status') return value;
  const convertor = def.table ?? DEFAULT_TABLE;
  if (isList(value))
    return buildTable(convertor, value.items, {
      include: how.include,
      now: how.now,
      listMeta: value.metadata,
    });
  const object = value as KubeObject;
  const meta: Table['metadata'] = {};
  if (object.metadata.resourceVersion) meta.resourceVersion = object.metadata.resourceVersion;
  return buildTable(convertor, [object], { include: how.include, now: how.now, listMeta: meta });
}

/** `Warning: 299 - "text"` headers, as the apiserver sends them (kubectl prints them). */
export function warningHeaders(reply: FastifyReply, warnings: string[]): void {
  if (warnings.length === 0) return;
  reply.header(
    'warning',
    warnings.map((w) => `299 - "${w.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`),
  );
}
