/**
 * Copies every object of the given types from one Store to another (`isctl migrate --from
 * sqlite://… --to etcd://…`). Identity and content carry over (uid, creationTimestamp, labels,
 * annotations, generation, spec, status); resourceVersion is the target's own. Running it again
 * is safe: an object already in the target with the same content is skipped, one with different
 * content is left alone and reported as a conflict, never overwritten.
 */
import type { KubeObject } from '../api/object.js';
import { isStatusError, StatusReason } from '../api/status-error.js';
import { jsonEqual } from './json-equal.js';
import { typeKey } from './object-key.js';
import type { ListResult, ResourceType, Store } from './store.js';

export interface MigrateConflict {
  /** typeKey, e.g. imagestreams.image.openshift.io */
  type: string;
  namespace?: string;
  name: string;
  reason: string;
}

export interface MigrateProgress {
  type: ResourceType;
  copied: number;
  skipped: number;
  conflicts: number;
}

export interface MigrateOptions {
  /** told after every page, with the running totals */
  onProgress?: (progress: MigrateProgress) => void;
  /** objects read per list call (default 500) */
  pageSize?: number;
}

export interface MigrateResult {
  copied: number;
  skipped: number;
  /** objects that exist in the target with other content: not copied */
  conflicts: MigrateConflict[];
}

/** How often a type's listing starts over when the source's continue token expires (410). */
const MAX_RESTARTS = 3;

/** The object without the fields that differ between stores by design. */
function comparable(object: KubeObject): KubeObject {
  const { resourceVersion: _rv, ...metadata } = object.metadata;
  return { ...object, metadata };
}

function isCode(err: unknown, code: number, reason?: string): boolean {
  return isStatusError(err) && err.code === code && (reason === undefined || err.reason === reason);
}

type Outcome = 'copied' | 'skipped' | MigrateConflict;

async function copyOne(to: Store, type: ResourceType, object: KubeObject): Promise<Outcome> {
  const source = comparable(object);
  const namespace = type.namespaced ? object.metadata.namespace : undefined;
  const name = object.metadata.name;
  let existing = await to.get(type, namespace, name);
  if (!existing) {
    try {
      await to.create(type, source);
      return 'copied';
    } catch (err) {
      // someone created it meanwhile: judge what is there now
      if (!isCode(err, 409, StatusReason.AlreadyExists)) throw err;
      existing = await to.get(type, namespace, name);
      if (!existing) throw err;
    }
  }
  if (jsonEqual(comparable(existing), source)) return 'skipped';
  return {
    type: typeKey(type),
    ...(namespace !== undefined ? { namespace } : {}),
    name,
    reason:
      existing.metadata.uid === object.metadata.uid ? 'content differs' : 'a different object (uid) exists',
  };
}

/** One page of the source's list; a continuation that expired (410) starts the listing over. */
async function listPage(
  from: Store,
  type: ResourceType,
  limit: number,
  token: string | undefined,
  restarts: { left: number },
): Promise<ListResult> {
  try {
    return await from.list(type, { limit, ...(token ? { continue: token } : {}) });
  } catch (err) {
    // the source's history moved past our snapshot: start over, what is copied is skipped
    if (!token || !isCode(err, 410) || restarts.left-- <= 0) throw err;
    return listPage(from, type, limit, undefined, restarts);
  }
}

async function migrateType(
  from: Store,
  to: Store,
  type: ResourceType,
  options: MigrateOptions,
  result: MigrateResult,
): Promise<void> {
  const limit = options.pageSize ?? 500;
  const progress: MigrateProgress = { type, copied: 0, skipped: 0, conflicts: 0 };
  const restarts = { left: MAX_RESTARTS };
  let token: string | undefined;
  do {
    const page = await listPage(from, type, limit, token, restarts);
    for (const object of page.items) {
      const outcome = await copyOne(to, type, object);
      if (outcome === 'copied') progress.copied++;
      else if (outcome === 'skipped') progress.skipped++;
      else {
        progress.conflicts++;
        result.conflicts.push(outcome);
      }
    }
    token = page.continue;
    options.onProgress?.({ ...progress });
  } while (token);
  result.copied += progress.copied;
  result.skipped += progress.skipped;
}

export async function migrateStore(
  from: Store,
  to: Store,
  types: ResourceType[],
  options: MigrateOptions = {},
): Promise<MigrateResult> {
  const result: MigrateResult = { copied: 0, skipped: 0, conflicts: [] };
  for (const type of types) await migrateType(from, to, type, options, result);
  return result;
}
