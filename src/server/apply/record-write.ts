/**
 * managedFields of the writes that are not apply (create, update, non-apply patch): the change
 * from the live object is recorded as an `operation: Update` manager. A client that sends
 * managedFields different from the live ones sets them (kube-apiserver's behaviour; `[{}]`
 * clears them); otherwise the live ones are the base.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../api/object.js';
import type { RequestScope } from '../resources/resource-def.js';
import { contextFor, type ManagedKind } from './context.js';
import { recordUpdate } from './field-manager.js';
import { decodeManagedFields, decodeStoredManagedFields, type ManagerEntry } from './managed-fields.js';
import { updateManager } from './options.js';

export type WriteKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

const isEmptyEntry = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && Object.keys(e).length === 0;

function baseEntries(live: KubeObject | undefined, next: KubeObject): ManagerEntry[] {
  const sent = next.metadata.managedFields;
  const stored = live?.metadata.managedFields;
  if (!Array.isArray(sent) || sent.length === 0 || isDeepStrictEqual(sent, stored))
    return decodeStoredManagedFields(stored);
  if (sent.every(isEmptyEntry)) return [];
  return decodeManagedFields(sent);
}

/** The manager of this write; checks fieldManager (422) before any work is done. */
export function writeManager(scope: RequestScope, kind: WriteKind): string {
  return updateManager(scope.query, scope.userAgent, kind);
}

/** Sets `next.metadata.managedFields` for a write from `live` (undefined: a create) to `next`. */
export function recordWrite(
  target: ManagedKind,
  scope: RequestScope,
  manager: string,
  live: KubeObject | undefined,
  next: KubeObject,
): KubeObject {
  const ctx = contextFor(target, scope.info.subresource);
  const entries = baseEntries(live, next);
  const managedFields = recordUpdate(entries, live, next, manager, ctx);
  if (managedFields.length > 0) next.metadata.managedFields = managedFields;
  else delete next.metadata.managedFields;
  return next;
}
