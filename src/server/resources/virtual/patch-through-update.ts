/** PATCH for a virtual resource: read its view, apply the patch, write it back with the view's resourceVersion. */
import { applyPatch } from '../../http/patch.js';
import type { PatchRequest, RequestScope, ResourceHandler } from '../resource-def.js';
import type { KubeObject } from '../../../api/object.js';

export function patchThroughUpdate(
  handler: ResourceHandler,
  _target: { kind: string },
): (scope: RequestScope, request: PatchRequest) => Promise<KubeObject> {
  return async (scope, request) => {
    if (!handler.get || !handler.update) throw new Error('patchThroughUpdate needs get and update');
    const current = await handler.get(scope);
    const patched = applyPatch(request.contentType, current, request.patch);
    return handler.update(scope, patched);
  };
}
