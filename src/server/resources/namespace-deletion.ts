/**
 * Deleting a namespace deletes what is in it (Kubernetes does it asynchronously through the
 * namespace controller; without finalizers we do it before the namespace goes). `default` may
 * not be deleted.
 */
import { forbidden, isStatusError } from '../../api/status-error.js';
import type { ResourceType, Store } from '../../store/store.js';
import type { ResourceHandler } from './resource-def.js';

async function deleteContents(
  store: Store,
  types: readonly ResourceType[],
  namespace: string,
): Promise<void> {
  for (const type of types) {
    const { items } = await store.list(type, { namespace });
    for (const item of items) {
      await store.delete(type, namespace, item.metadata.name).catch((e: unknown) => {
        if (!(isStatusError(e) && e.code === 404)) throw e;
      });
    }
  }
}

export function withNamespaceDeletion(
  handler: ResourceHandler,
  store: Store,
  contents: readonly ResourceType[],
): ResourceHandler {
  const remove = handler.delete;
  if (!remove) return handler;
  return {
    ...handler,
    async delete(scope, body) {
      const name = scope.info.name ?? '';
      if (name === 'default')
        throw forbidden('namespaces "default" is forbidden: this namespace may not be deleted');
      // the namespace must exist (404 otherwise) before anything in it is touched
      await handler.get?.(scope);
      if (!scope.dryRun) await deleteContents(store, contents, name);
      return remove(scope, body);
    },
  };
}
