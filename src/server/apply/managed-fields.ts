/**
 * `metadata.managedFields`: one entry per manager (name, operation, API version for updates,
 * subresource) with the set of fields it owns, in FieldsV1. Decoding is strict for what a client
 * sends (400 naming the entry) and lenient for what is stored (a bad entry is dropped, as
 * kube-apiserver resets managedFields it cannot decode). Pure.
 */
import { z } from 'zod';
import { badRequest } from '../../api/status-error.js';
import { FieldSet } from './field-set.js';
import { fromFieldsV1, toFieldsV1 } from './fields-v1.js';

export const Operation = { Apply: 'Apply', Update: 'Update' } as const;
export type Operation = (typeof Operation)[keyof typeof Operation];

export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  time?: string;
  subresource?: string;
  set: FieldSet;
}

const ManagedFieldsEntrySchema = z.object({
  manager: z.string().optional(),
  operation: z.enum(['Apply', 'Update']),
  apiVersion: z.string().optional(),
  time: z.string().optional(),
  fieldsType: z.literal('FieldsV1').optional(),
  fieldsV1: z.record(z.string(), z.unknown()).optional(),
  subresource: z.string().optional(),
});

function decodeEntry(raw: unknown, index: number, trusted = false): ManagerEntry {
  const parsed = ManagedFieldsEntrySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = `metadata.managedFields[${index}].${issue?.path.join('.') ?? ''}`;
    throw badRequest(`${field}: ${issue?.message ?? 'invalid'}`, [
      { reason: 'FieldValueInvalid', message: issue?.message ?? 'invalid', field },
    ]);
  }
  const e = parsed.data;
  const entry: ManagerEntry = {
    manager: e.manager ?? '',
    operation: e.operation,
    apiVersion: e.apiVersion ?? '',
    set: e.fieldsV1 ? fromFieldsV1(e.fieldsV1, `[${index}]`, trusted) : new FieldSet(),
  };
  if (e.time !== undefined) entry.time = e.time;
  if (e.subresource) entry.subresource = e.subresource;
  return entry;
}

/** What a client sent: any problem is a 400 naming the entry. */
export function decodeManagedFields(raw: unknown): ManagerEntry[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw badRequest('metadata.managedFields must be a list');
  return raw.map((item, i) => decodeEntry(item, i));
}

/** What is stored: entries that do not decode are dropped. */
export function decodeStoredManagedFields(raw: unknown): ManagerEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item, i) => {
    try {
      return [decodeEntry(item, i, true)];
    } catch {
      return [];
    }
  });
}

/** Who a manager is: updates through different API versions are different managers. */
export function sameManager(a: Omit<ManagerEntry, 'set'>, b: Omit<ManagerEntry, 'set'>): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    (a.subresource ?? '') === (b.subresource ?? '') &&
    (a.operation === Operation.Apply || a.apiVersion === b.apiVersion)
  );
}

function order(a: ManagerEntry, b: ManagerEntry): number {
  if (a.operation !== b.operation) return a.operation < b.operation ? -1 : 1;
  const [ta, tb] = [a.time ?? '', b.time ?? ''];
  if (ta !== tb) return ta < tb ? -1 : 1;
  if (a.manager !== b.manager) return a.manager < b.manager ? -1 : 1;
  if (a.apiVersion !== b.apiVersion) return a.apiVersion < b.apiVersion ? -1 : 1;
  return (a.subresource ?? '') < (b.subresource ?? '') ? -1 : 1;
}

/** The wire form, in kube-apiserver's order (Apply first, then by time, manager, version). */
export function encodeManagedFields(entries: readonly ManagerEntry[]): Record<string, unknown>[] {
  return [...entries].sort(order).map((e) => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time !== undefined ? { time: e.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(e.set),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

/** kube-apiserver keeps at most 10 update managers; older ones fold into `ancient-changes`. */
export const MAX_UPDATE_MANAGERS = 10;
export const ANCIENT_CHANGES = 'ancient-changes';

export function capUpdateManagers(entries: ManagerEntry[]): ManagerEntry[] {
  const isBucket = (e: ManagerEntry) => e.operation === Operation.Update && e.manager === ANCIENT_CHANGES;
  const updates = entries.filter((e) => e.operation === Operation.Update && !isBucket(e));
  const total = updates.length + (entries.some(isBucket) ? 1 : 0);
  if (total <= MAX_UPDATE_MANAGERS) return entries;
  const oldest = [...updates]
    .sort((a, b) => ((a.time ?? '') < (b.time ?? '') ? -1 : 1))
    .slice(0, updates.length - MAX_UPDATE_MANAGERS + 1);
  const folded = new Set(oldest);
  const bucket = entries.find(isBucket);
  const merged: ManagerEntry = {
    manager: ANCIENT_CHANGES,
    operation: Operation.Update,
    apiVersion: oldest[oldest.length - 1]!.apiVersion,
    set: oldest.reduce((acc, e) => acc.union(e.set), bucket?.set ?? new FieldSet()),
  };
  const time = oldest[oldest.length - 1]!.time;
  if (time !== undefined) merged.time = time;
  return [...entries.filter((e) => !folded.has(e) && e !== bucket), merged];
}
