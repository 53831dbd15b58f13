/**
 * The receiving side of durable notifications: every matched stream tag becomes (or merges into)
 * its PendingImport object before the notification is answered. Whichever replica receives the
 * notification writes; only the leader imports. A write that fails throws, so the route answers
 * 500 and the registry sends the notification again.
 */
import { isStatusError, StatusReason } from '../../api/status-error.js';
import { guaranteedUpdate } from '../../store/guaranteed-update.js';
import type { Store } from '../../store/store.js';
import {
  mergePendingImport,
  newPendingImport,
  PENDING_IMPORTS,
  pendingImportName,
  PendingImportSpecSchema,
  type PendingPush,
} from './pending-import.js';

/** create/delete races with the worker retried before giving up (each one means progress elsewhere) */
const MAX_RACES = 10;

const isReason = (e: unknown, reason: string): boolean => isStatusError(e) && e.reason === reason;

/** Merges into the stored object; false when it vanished (the worker deleted it) meanwhile. */
async function mergeInto(store: Store, push: PendingPush): Promise<boolean> {
  const name = pendingImportName(push.stream, push.tag);
  try {
    await guaranteedUpdate(store, PENDING_IMPORTS, push.namespace, name, (current) => {
      const spec = PendingImportSpecSchema.safeParse(current.spec);
      // an unreadable object (another version's shape) is replaced rather than kept forever
      const next = spec.success ? mergePendingImport(spec.data, push) : newPendingImport(push).spec;
      return { ...current, spec: next };
    });
    return true;
  } catch (e) {
    if (isReason(e, StatusReason.NotFound)) return false;
    throw e;
  }
}

/** Stores one stream tag request: a new PendingImport, or merged into the existing one. */
export async function recordPendingImport(store: Store, push: PendingPush): Promise<void> {
  for (let race = 0; ; race++) {
    try {
      await store.create(PENDING_IMPORTS, newPendingImport(push));
      return;
    } catch (e) {
      if (!isReason(e, StatusReason.AlreadyExists)) throw e;
    }
    if (await mergeInto(store, push)) return;
    if (race >= MAX_RACES) {
      throw new Error(
        `our bug or an overloaded store: the pending import ${push.namespace}/${pendingImportName(push.stream, push.tag)} kept vanishing while it was written`,
      );
    }
  }
}

/**
 * Stores every request; resolves once all are stored. Requests for the same stream tag are
 * written one after the other (they merge into one object), different stream tags in parallel.
 */
export async function recordPendingImports(store: Store, pushes: PendingPush[]): Promise<void> {
  const byKey = new Map<string, PendingPush[]>();
  for (const push of pushes) {
    const key = `${push.namespace}/${pendingImportName(push.stream, push.tag)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), push]);
  }
  await Promise.all(
    [...byKey.values()].map(async (same) => {
      for (const push of same) await recordPendingImport(store, push);
    }),
  );
}
