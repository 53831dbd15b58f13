/**
 * DELETE on a collection (`deletecollection`): every object the label and field selectors match,
 * deleted one by one (each a watch DELETED event), answered with the list of deleted objects as
 * kube-apiserver's generic registry answers. A dry run lists what would go. An object deleted
 * meanwhile by someone else is skipped, not an error.
 */
import type { KubeObject } from '../../api/object.js';
import { isStatusError } from '../../api/status-error.js';
import type { ResourceType, Store } from '../../store/store.js';
import { deleteOptions, listOptions } from '../http/query.js';
import type { ObjectList, RequestScope } from './resource-def.js';

export interface CollectionTarget {
  type: ResourceType;
  apiVersion: string;
  listKind: string;
}

async function matching(store: Store, target: CollectionTarget, scope: RequestScope): Promise<KubeObject[]> {
  const { labelSelector, fieldSelector } = listOptions(scope.query);
  const result = await store.list(target.type, {
    namespace: scope.info.namespace,
    ...(labelSelector ? { labelSelector } : {}),
    ...(fieldSelector ? { fieldSelector } : {}),
  });
  return result.items;
}

async function deleteOne(
  store: Store,
  type: ResourceType,
  object: KubeObject,
): Promise<KubeObject | undefined> {
  try {
    return await store.delete(type, object.metadata.namespace, object.metadata.name, {
      uid: object.metadata.uid ?? '',
    });
  } catch (e) {
    if (isStatusError(e) && (e.code === 404 || e.code === 409)) return undefined;
    throw e;
  }
}

export async function deleteCollection(
  store: Store,
  target: CollectionTarget,
  scope: RequestScope,
  body: unknown,
): Promise<ObjectList> {
  const dryRun = scope.dryRun || deleteOptions(body, scope.query).dryRun;
  const items = await matching(store, target, scope);
  const deleted: KubeObject[] = [];
  for (const object of items) {
    const gone = dryRun ? object : await deleteOne(store, target.type, object);
    if (gone) deleted.push(gone);
  }
  const resourceVersion = await store.currentResourceVersion();
  return {
    apiVersion: target.apiVersion,
    kind: target.listKind,
    metadata: { resourceVersion },
    items: deleted,
  };
}
