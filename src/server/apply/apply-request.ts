/**
 * A server-side apply request on a stored kind: options and body checked, the configuration
 * applied to the live object (or to an empty one, creating it, when there is none), the result
 * through the kind's strategy like any update. An apply that changes nothing writes nothing
 * (the resourceVersion stays), as kube-apiserver's storage skips identical writes.
 */
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject } from '../../api/object.js';
import { isStatusError } from '../../api/status-error.js';
import { authorize } from '../auth/authorizer.js';
import type { RequestScope } from '../resources/resource-def.js';
import { parseApplyBody } from './apply-body.js';
import { contextFor, type ManagedKind } from './context.js';
import { applyConfiguration } from './field-manager.js';
import { decodeStoredManagedFields } from './managed-fields.js';
import { applyOptions } from './options.js';
import { removeItems } from './remove.js';

/** `T`: the kind's stored object type (the live object `update` reads). */
export interface ApplyHooks<T extends KubeObject = KubeObject> {
  /** body checks every write shares (names, namespace, unknown fields) */
  prepareInput(body: unknown): KubeObject;
  /** read-compute-write of the live object; 404 when there is none */
  update(
    compute: (current: T) => Promise<KubeObject>,
    unchanged: (next: KubeObject, current: T) => boolean,
  ): Promise<KubeObject>;
  /** the kind's update strategy and validation, from `input` against `current` */
  prepareUpdate(input: KubeObject, current: T): Promise<KubeObject>;
  /** the kind's create path (strategy, validation, dry run, store) */
  create(input: KubeObject): Promise<KubeObject>;
  /**
   * The live object as the client may see it (write-only Secret data elided): the configuration
   * is merged into and compared with that, so a conflict or a no-op never tells a hidden value.
   */
  view(current: KubeObject): KubeObject;
}

function withoutTimes(object: KubeObject): unknown {
  const fields = object.metadata.managedFields;
  if (!Array.isArray(fields)) return object;
  // entries are ordered by time: without times, their order means nothing either
  const key = (f: Record<string, unknown>) =>
    `${String(f.operation)}/${String(f.manager)}/${String(f.apiVersion)}/${String(f.subresource)}`;
  const managedFields = (fields as Record<string, unknown>[])
    .map((f) => ({ ...f, time: undefined }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { ...object, metadata: { ...object.metadata, managedFields } };
}

/** Nothing but the applier's timestamp would change. */
export function isNoop(next: KubeObject, current: KubeObject): boolean {
  return isDeepStrictEqual(withoutTimes(next), withoutTimes(current));
}

function isMissing(e: unknown, scope: RequestScope): boolean {
  return (
    isStatusError(e) &&
    e.code === 404 &&
    e.details?.name === scope.info.name &&
    scope.info.subresource === undefined
  );
}

export async function serveApply<T extends KubeObject>(
  target: ManagedKind,
  scope: RequestScope,
  body: unknown,
  hooks: ApplyHooks<T>,
): Promise<KubeObject> {
  const { manager, force } = applyOptions(scope.query);
  const ctx = contextFor(target, scope.info.subresource);
  const config = removeItems(hooks.prepareInput(parseApplyBody(body, target)), ctx.ignored, ctx.schema);
  const apply = (live: KubeObject) =>
    applyConfiguration(
      { entries: decodeStoredManagedFields(live.metadata.managedFields), live, config, manager, force },
      ctx,
    );
  try {
    return await hooks.update(async (current) => {
      const merged = apply(hooks.view(current));
      // nothing to change: the strategy would not change anything either (skips its cost on big streams)
      if (isNoop(merged, current)) return current;
      const next = await hooks.prepareUpdate(merged, current);
      next.metadata.managedFields = merged.metadata.managedFields;
      return next;
    }, isNoop);
  } catch (e) {
    if (!isMissing(e, scope)) throw e;
  }
  const { name, namespace } = config.metadata;
  const empty: KubeObject = {
    apiVersion: target.apiVersion,
    kind: target.kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
  };
  // an apply that creates needs the create permission too (kube-apiserver's patch handler checks it)
  await authorize(scope.user, { ...scope.info, verb: 'create' });
  scope.responseCode = 201;
  return hooks.create(apply(empty));
}
