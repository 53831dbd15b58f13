/**
 * The REST handler of a stored resource (imagestreams, images, namespaces, events): the
 * Kubernetes generic registry, on the Store and the kind's Strategy.
 */
import { rfc3339 } from '../../api/rfc3339.js';
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import { invalid, notFound } from '../../api/status-error.js';
import type { Strategy } from '../../api/strategy.js';
import { qualified } from '../../store/object-key.js';
import type { ResourceType, Store } from '../../store/store.js';
import { serveApply } from '../apply/apply-request.js';
import { recordWrite, writeManager } from '../apply/record-write.js';
import { applyPatch } from '../http/patch.js';
import { deleteOptions, listOptions, watchOptions } from '../http/query.js';
import { deleteCollection } from './delete-collection.js';
import type { Decorator } from '../../api/image-stream-repository.js';
import { named, prepareInput, type InputObject, type InputTarget } from './input.js';
import { encoderFor } from './decorated-encoding.js';
import { listPages } from './list-pages.js';
import { ensureNamespace } from './namespaces.js';
import type { ObjectList, PatchRequest, RequestScope, ResourceHandler } from './resource-def.js';
import { checkResourceVersion, updateWithRetry } from './update-loop.js';

/** `T`: the stored kind's object type, shared by its ResourceType and its Strategy. */
export interface StoredResourceConfig<T extends KubeObject = KubeObject> extends InputTarget {
  type: ResourceType<T>;
  listKind: string;
  strategy: Strategy<T>;
  /** has a status subresource: the main resource then ignores status changes (the strategy's job) */
  statusSubresource: boolean;
  /** computed fields added on every read */
  decorate?: Decorator;
  /** after the strategy, before validation: fills in what needs other objects (cross-stream tag sources) */
  resolve?: (next: T, old: T | undefined, scope: RequestScope) => Promise<T>;
  /**
   * For kinds with write-only fields (Secret data): the object as clients may see it. Applied to
   * every answer (get, list, watch, Table, writes) and to the stored object a patch is applied
   * to, so that a patch cannot probe a hidden value; the strategy's prepareForUpdate restores
   * what the client sent back elided.
   */
  writeOnly?: (object: KubeObject) => KubeObject;
}

function validated<T extends KubeObject>(
  cfg: StoredResourceConfig<T>,
  object: T,
  causes: ReturnType<Strategy['validate']>,
): T {
  if (causes.length > 0)
    throw invalid(
      { resource: cfg.type.resource, group: cfg.type.group, kind: cfg.kind, name: object.metadata.name },
      causes,
    );
  return object;
}

/** new object (already decoded) against the stored one, per subresource */
async function prepareUpdate<T extends KubeObject>(
  cfg: StoredResourceConfig<T>,
  scope: RequestScope,
  input: InputObject,
  current: T,
): Promise<T> {
  const subresource = scope.info.subresource;
  checkResourceVersion(cfg.type, current, input.metadata.resourceVersion);
  const decoded = cfg.strategy.decode(input);
  let next =
    subresource === 'status'
      ? cfg.strategy.prepareForStatusUpdate(decoded, current)
      : cfg.strategy.prepareForUpdate(decoded, current);
  if (cfg.resolve && subresource !== 'status') next = await cfg.resolve(next, current, scope);
  return validated(cfg, next, cfg.strategy.validateUpdate(next, current));
}

function checkSubresource(
  cfg: Pick<StoredResourceConfig, 'type' | 'statusSubresource'>,
  scope: RequestScope,
): void {
  const sub = scope.info.subresource;
  if (sub === undefined || (sub === 'status' && cfg.statusSubresource)) return;
  throw notFound({ resource: `${cfg.type.resource}/${sub}`, group: cfg.type.group, name: scope.info.name });
}

export function storedResource<T extends KubeObject>(
  store: Store,
  cfg: StoredResourceConfig<T>,
): ResourceHandler {
  const visible = (o: KubeObject): KubeObject => (cfg.writeOnly ? cfg.writeOnly(o) : o);
  const decorate = (o: KubeObject): KubeObject => visible(cfg.decorate ? cfg.decorate(o) : o);
  // what decorate does to an object right now (undefined: nothing), for cached encodings
  const variant = (): string | undefined => {
    const decorated = cfg.decorate?.variant();
    return cfg.writeOnly ? `write-only ${decorated ?? ''}` : decorated;
  };
  const name = (scope: RequestScope): string => scope.info.name ?? '';
  const managed = {
    group: cfg.type.group,
    kind: cfg.kind,
    apiVersion: cfg.apiVersion,
    statusSubresource: cfg.statusSubresource,
  };

  const update = async (
    scope: RequestScope,
    compute: (current: T) => Promise<KubeObject>,
    unchanged?: (next: KubeObject, current: T) => boolean,
  ): Promise<KubeObject> => {
    checkSubresource(cfg, scope);
    const out = await updateWithRetry(
      store,
      cfg.type,
      scope.info.namespace,
      name(scope),
      compute,
      scope.dryRun,
      unchanged,
    );
    return decorate(out);
  };

  /** `input` checked by prepareInput; managedFields already set (apply) or recorded here */
  const createObject = async (
    scope: RequestScope,
    body: InputObject,
    manager?: string,
  ): Promise<KubeObject> => {
    const input = named(body);
    let decoded = cfg.strategy.prepareForCreate(cfg.strategy.decode(input));
    if (cfg.resolve) decoded = await cfg.resolve(decoded, undefined, scope);
    const object = validated(cfg, decoded, cfg.strategy.validate(decoded));
    if (manager === undefined) object.metadata.managedFields = input.metadata.managedFields;
    else recordWrite(managed, scope, manager, undefined, object);
    if (scope.dryRun) {
      object.metadata.uid ??= randomUUID();
      object.metadata.creationTimestamp ??= rfc3339(new Date());
      return decorate(object);
    }
    if (cfg.type.namespaced) await ensureNamespace(store, scope.info.namespace);
    return decorate(await store.create(cfg.type, object));
  };

  return {
    async get(scope) {
      checkSubresource(cfg, scope);
      const object = await store.get(cfg.type, scope.info.namespace, name(scope));
      if (!object) throw notFound(qualified(cfg.type, name(scope)));
      return decorate(object);
    },

    async getEncoded(scope) {
      checkSubresource(cfg, scope);
      const cached = await store.getEncoded?.(cfg.type, scope.info.namespace, name(scope));
      if (!cached) return undefined;
      if (!cached.item) throw notFound(qualified(cfg.type, name(scope)));
      return encoderFor({ decorate, variant })(cached.item);
    },

    async list(scope): Promise<ObjectList> {
      const result = await store.list(cfg.type, {
        ...listOptions(scope.query),
        namespace: scope.info.namespace,
      });
      const metadata: ObjectList['metadata'] = { resourceVersion: result.resourceVersion };
      if (result.continue) metadata.continue = result.continue;
      if (result.remainingItemCount !== undefined) metadata.remainingItemCount = result.remainingItemCount;
      return { apiVersion: cfg.apiVersion, kind: cfg.listKind, metadata, items: result.items.map(decorate) };
    },

    listPages: (scope) =>
      listPages(
        store,
        { type: cfg.type, apiVersion: cfg.apiVersion, listKind: cfg.listKind, decorate, variant },
        { ...listOptions(scope.query), namespace: scope.info.namespace },
      ),

    async *watch(scope, signal) {
      const events = store.watch(
        cfg.type,
        { ...watchOptions(scope.query), namespace: scope.info.namespace },
        signal,
      );
      for await (const event of events)
        yield event.type === 'BOOKMARK' ? event : { ...event, object: decorate(event.object) };
    },

    async create(scope, body) {
      if (scope.info.subresource !== undefined)
        throw notFound({ resource: cfg.type.resource, group: cfg.type.group });
      const manager = writeManager(scope, 'CreateOptions');
      return createObject(scope, prepareInput(body, cfg, scope), manager);
    },

    async update(scope, body) {
      checkSubresource(cfg, scope);
      const manager = writeManager(scope, 'UpdateOptions');
      const input = prepareInput(body, cfg, scope);
      return update(scope, async (current) => {
        const next = await prepareUpdate(cfg, scope, structuredClone(input), current);
        return recordWrite(managed, scope, manager, current, next);
      });
    },

    async patch(scope, request: PatchRequest) {
      checkSubresource(cfg, scope);
      const manager = writeManager(scope, 'PatchOptions');
      return update(scope, async (current) => {
        const patched = applyPatch(request.contentType, visible(current), request.patch, {
          group: cfg.type.group,
          kind: cfg.kind,
        });
        const input = prepareInput(patched, cfg, scope);
        const next = await prepareUpdate(cfg, scope, input, current);
        return recordWrite(managed, scope, manager, current, next);
      });
    },

    async apply(scope, request: PatchRequest) {
      checkSubresource(cfg, scope);
      return serveApply<T>(managed, scope, request.patch, {
        prepareInput: (body) => named(prepareInput(body, cfg, scope)),
        update: (compute, unchanged) => update(scope, compute, unchanged),
        prepareUpdate: (input, current) => prepareUpdate(cfg, scope, input, current),
        create: (input) => createObject(scope, input),
        view: visible,
      });
    },

    async delete(scope, body) {
      checkSubresource(cfg, scope);
      const options = deleteOptions(body, scope.query);
      if (scope.dryRun || options.dryRun) {
        const current = await store.get(cfg.type, scope.info.namespace, name(scope));
        if (!current) throw notFound(qualified(cfg.type, name(scope)));
        checkResourceVersion(cfg.type, current, options.preconditions.resourceVersion);
        return decorate(current);
      }
      return decorate(await store.delete(cfg.type, scope.info.namespace, name(scope), options.preconditions));
    },

    async deleteCollection(scope, body) {
      checkSubresource(cfg, scope);
      const list = await deleteCollection(store, cfg, scope, body);
      return { ...list, items: list.items.map(decorate) };
    },
  };
}
