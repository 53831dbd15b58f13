/**
 * create, update and delete: each one IMMEDIATE transaction that takes the next resourceVersion,
 * writes the object and its event, and trims the event history. The change reaches the watch
 * hub only after the commit, synchronously, so no read or watch can interleave with it.
 */
import type { KubeObject } from '../../api/object.js';
import { alreadyExists, notFound } from '../../api/status-error.js';
import { jsonEqual } from '../json-equal.js';
import { keyNamespace, objectKey, qualified, typeKey } from '../object-key.js';
import {
  checkPreconditions,
  prepareForCreate,
  prepareForUpdate,
  updatePreconditions,
} from '../object-meta.js';
import type { Preconditions, ResourceType } from '../store.js';
import type { Change } from '../watch-hub.js';
import { readMeta, type SqliteContext } from './sqlite-context.js';

interface WriteResult {
  object: KubeObject;
  change?: Change;
}

/** Takes the next resourceVersion and drops events beyond the history; inside a write transaction. */
function nextResourceVersion(ctx: SqliteContext): number {
  const meta = readMeta(ctx);
  const rv = meta.rv + 1;
  let compacted = meta.compacted;
  if (rv - compacted > ctx.eventHistory) {
    compacted = rv - ctx.eventHistory;
    ctx.st.trimEvents.run(compacted);
  }
  ctx.st.setMeta.run(rv, compacted);
  return rv;
}

function record(ctx: SqliteContext, change: Change): void {
  const c = change;
  ctx.st.insertEvent.run(
    c.resourceVersion,
    c.type,
    c.typeKey,
    c.namespace,
    c.name,
    c.object,
    c.previous ?? null,
  );
}

function commit(ctx: SqliteContext, write: () => WriteResult): KubeObject {
  const result = ctx.immediate(write);
  if (result.change) ctx.hub.publish(result.change);
  return result.object;
}

export function createObject(ctx: SqliteContext, type: ResourceType, object: KubeObject): KubeObject {
  const { namespace, name } = objectKey(type, object);
  const tk = typeKey(type);
  return commit(ctx, () => {
    if (ctx.st.getObject.get(tk, namespace, name)) throw alreadyExists(qualified(type, name));
    const rv = nextResourceVersion(ctx);
    const created = prepareForCreate(type, object, rv, new Date());
    const json = JSON.stringify(created);
    ctx.st.insertObject.run(tk, namespace, name, rv, json);
    const change: Change = { type: 'ADDED', resourceVersion: rv, typeKey: tk, namespace, name, object: json };
    record(ctx, change);
    return { object: created, change };
  });
}

export function updateObject(
  ctx: SqliteContext,
  type: ResourceType,
  object: KubeObject,
  preconditions: Preconditions | undefined,
): KubeObject {
  const { namespace, name } = objectKey(type, object);
  const tk = typeKey(type);
  return commit(ctx, () => {
    const row = ctx.st.getObject.get(tk, namespace, name);
    if (!row) throw notFound(qualified(type, name));
    const stored = JSON.parse(row.json) as KubeObject;
    checkPreconditions(
      type,
      stored,
      updatePreconditions(object, preconditions),
      object.metadata.resourceVersion,
    );
    const storedRv = Number(stored.metadata.resourceVersion);
    const updated = prepareForUpdate(type, object, stored, storedRv);
    // as Kubernetes: an update that changes nothing writes nothing and keeps the resourceVersion
    if (jsonEqual(updated, stored)) return { object: updated };
    const rv = nextResourceVersion(ctx);
    updated.metadata.resourceVersion = String(rv);
    const json = JSON.stringify(updated);
    ctx.st.updateObject.run(rv, json, tk, namespace, name);
    const change: Change = {
      type: 'MODIFIED',
      resourceVersion: rv,
      typeKey: tk,
      namespace,
      name,
      object: json,
      previous: row.json,
    };
    record(ctx, change);
    return { object: updated, change };
  });
}

export function deleteObject(
  ctx: SqliteContext,
  type: ResourceType,
  namespaceArg: string | undefined,
  name: string,
  preconditions: Preconditions | undefined,
): KubeObject {
  const namespace = keyNamespace(type, namespaceArg);
  const tk = typeKey(type);
  return commit(ctx, () => {
    const row = ctx.st.getObject.get(tk, namespace, name);
    if (!row) throw notFound(qualified(type, name));
    const last = JSON.parse(row.json) as KubeObject;
    checkPreconditions(type, last, preconditions);
    const rv = nextResourceVersion(ctx);
    last.metadata.resourceVersion = String(rv);
    const json = JSON.stringify(last);
    ctx.st.deleteObject.run(tk, namespace, name);
    const change: Change = {
      type: 'DELETED',
      resourceVersion: rv,
      typeKey: tk,
      namespace,
      name,
      object: json,
      previous: row.json,
    };
    record(ctx, change);
    return { object: last, change };
  });
}
