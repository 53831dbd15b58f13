/**
 * Namespaces exist implicitly: writing an object into a namespace records the Namespace if it is
 * missing, and `default` always exists.
 */
import type { KubeObject } from '../../api/object.js';
import { isStatusError } from '../../api/status-error.js';
import type { Store } from '../../store/store.js';

export { NAMESPACES } from '../../store/resource-types.js';
import { NAMESPACES } from '../../store/resource-types.js';

function namespaceObject(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

export async function ensureNamespace(store: Store, name: string | undefined): Promise<void> {
  if (name === undefined) return;
  if (await store.get(NAMESPACES, undefined, name)) return;
  try {
    await store.create(NAMESPACES, namespaceObject(name));
  } catch (e) {
    // another request created it first
    if (!(isStatusError(e) && e.code === 409)) throw e;
  }
}
