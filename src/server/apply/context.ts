/**
 * The field-manager context of a stored kind at an endpoint: its merge table, the fields that
 * endpoint cannot set (the main resource of a kind with a status subresource ignores `status`;
 * `/status` ignores `spec`), its API version and the time. Pure.
 */
import { rfc3339 } from '../../api/rfc3339.js';
import type { FieldManagerContext } from './field-manager.js';
import { FieldSet } from './field-set.js';
import { schemaOf } from './schema.js';

export interface ManagedKind {
  group: string;
  kind: string;
  apiVersion: string;
  statusSubresource: boolean;
}

function nowSeconds(): string {
  return rfc3339(new Date());
}

function ignoredAt(target: ManagedKind, subresource: string | undefined): FieldSet {
  if (subresource === 'status') return FieldSet.of(['f:spec']);
  return target.statusSubresource ? FieldSet.of(['f:status']) : new FieldSet();
}

export function contextFor(
  target: ManagedKind,
  subresource: string | undefined,
  now = nowSeconds(),
): FieldManagerContext {
  return {
    schema: schemaOf(target.group, target.kind),
    ignored: ignoredAt(target, subresource),
    apiVersion: target.apiVersion,
    ...(subresource !== undefined ? { subresource } : {}),
    now,
  };
}
