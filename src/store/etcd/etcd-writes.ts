/**
 * create, update and delete as etcd compare-and-swap transactions, as the Kubernetes apiserver
 * writes: create only if the key has no version, update and delete only if the key's mod
 * revision is still the one the preconditions were checked against. A lost race reads the new
 * state from the transaction's failure branch and checks again, so a stale resourceVersion
 * gets Kubernetes' 409 and an unconditional write simply retries.
 */
import type { IKeyValue, IRequestOp, ITxnResponse } from 'etcd3';
import type { KubeObject } from '../../api/object.js';
import { alreadyExists, conflict, notFound, STALE_OBJECT_MESSAGE } from '../../api/status-error.js';
import { jsonEqual } from '../json-equal.js';
import { objectKey, qualified } from '../object-key.js';
import {
  checkPreconditions,
  prepareForCreate,
  prepareForUpdate,
  updatePreconditions,
} from '../object-meta.js';
import type { Preconditions, ResourceType } from '../store.js';
import { decodeObject, encodeObject } from './etcd-codec.js';
import type { EtcdContext } from './etcd-context.js';
import { toStatusError } from './etcd-errors.js';
import { objectKeyPath } from './etcd-keys.js';

/** Lost races an unconditional write retries before giving up with 409. */
const MAX_ATTEMPTS = 20;

export async function readKey(ctx: EtcdContext, key: string): Promise<IKeyValue | undefined> {
  try {
    const res = await ctx.kv.range({ key: Buffer.from(key) });
    return res.kvs[0];
  } catch (err) {
    throw toStatusError('get', err);
  }
}

async function txn(
  ctx: EtcdContext,
  operation: string,
  compare: Buffer,
  modRevision: string,
  success: IRequestOp,
): Promise<ITxnResponse> {
  try {
    return await ctx.kv.txn({
      compare: [{ key: compare, target: 'Mod', result: 'Equal', mod_revision: modRevision }],
      success: [success],
      failure: [{ request_range: { key: compare } }],
    });
  } catch (err) {
    throw toStatusError(operation, err);
  }
}

/**
 * Whether the key holds exactly the value we just tried to write. etcd3 retries a mutation that
 * failed with UNAVAILABLE (e.g. "request timed out" while etcd elects a leader) although it may
 * have been applied; the retry then loses its compare against our own write. A byte-equal value
 * (it carries a fresh uid on create, the new content on update) means that write was ours.
 */
function ownWrite(kv: IKeyValue, value: Buffer): boolean {
  return kv.value.equals(value);
}

/** The key-value a failed transaction read in its failure branch (undefined: the key is gone). */
function currentAfterFailure(res: ITxnResponse): IKeyValue | undefined {
  return res.responses[0]?.response_range?.kvs[0];
}

export async function createObject(
  ctx: EtcdContext,
  type: ResourceType,
  object: KubeObject,
): Promise<KubeObject> {
  const { namespace, name } = objectKey(type, object);
  const key = Buffer.from(objectKeyPath(ctx.prefix, type, namespace, name));
  const created = prepareForCreate(type, object, 0, new Date());
  const value = encodeObject(created);
  let res: ITxnResponse;
  try {
    res = await ctx.kv.txn({
      compare: [{ key, target: 'Version', result: 'Equal', version: 0 }],
      success: [{ request_put: { key, value } }],
      failure: [{ request_range: { key } }],
    });
  } catch (err) {
    throw toStatusError('create', err);
  }
  if (res.succeeded) {
    created.metadata.resourceVersion = res.header.revision;
    return created;
  }
  const existing = currentAfterFailure(res);
  // our own write, applied by an attempt whose answer was lost and then retried by etcd3
  if (existing && ownWrite(existing, value)) {
    created.metadata.resourceVersion = existing.mod_revision;
    return created;
  }
  throw alreadyExists(qualified(type, name));
}

export async function updateObject(
  ctx: EtcdContext,
  type: ResourceType,
  object: KubeObject,
  preconditions: Preconditions | undefined,
): Promise<KubeObject> {
  const { namespace, name } = objectKey(type, object);
  const keyPath = objectKeyPath(ctx.prefix, type, namespace, name);
  const key = Buffer.from(keyPath);
  const checks = updatePreconditions(object, preconditions);
  let current = await readKey(ctx, keyPath);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (!current) throw notFound(qualified(type, name));
    const stored = decodeObject(current);
    checkPreconditions(type, stored, checks, object.metadata.resourceVersion);
    const updated = prepareForUpdate(type, object, stored, 0);
    updated.metadata.resourceVersion = current.mod_revision;
    // as Kubernetes: an update that changes nothing writes nothing and keeps the resourceVersion
    if (jsonEqual(updated, stored)) return updated;
    const value = encodeObject(updated);
    const res = await txn(ctx, 'update', key, current.mod_revision, { request_put: { key, value } });
    if (res.succeeded) {
      updated.metadata.resourceVersion = res.header.revision;
      return updated;
    }
    current = currentAfterFailure(res);
    if (current && ownWrite(current, value)) {
      updated.metadata.resourceVersion = current.mod_revision;
      return updated;
    }
  }
  throw conflict(qualified(type, name), STALE_OBJECT_MESSAGE);
}

export async function deleteObject(
  ctx: EtcdContext,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  preconditions: Preconditions | undefined,
): Promise<KubeObject> {
  const keyPath = objectKeyPath(ctx.prefix, type, namespace, name);
  const key = Buffer.from(keyPath);
  let current = await readKey(ctx, keyPath);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (!current) throw notFound(qualified(type, name));
    const last = decodeObject(current);
    checkPreconditions(type, last, preconditions);
    const res = await txn(ctx, 'delete', key, current.mod_revision, { request_delete_range: { key } });
    if (res.succeeded) {
      last.metadata.resourceVersion = res.header.revision;
      return last;
    }
    current = currentAfterFailure(res);
  }
  throw conflict(qualified(type, name), STALE_OBJECT_MESSAGE);
}
