/** PATCH for a virtual resource: read its view, apply the patch, write it back with the view's resourceVersion. */
import { applyPatch } from '../../http/patch.js';
import type { PatchRequest, RequestScope, ResourceHandler } from '../resource-def.js';
import type { KubeObject } from '../../../api/object.js';

export function patchThroughUpdate(
  handler: ResourceHandler,
  target: { apiVersion: string; kind: string },
): (scope: RequestScope, request: PatchRequest) => Promise<KubeObject> {
  return async (scope, request) => {
    if (!handler.get || !handler.update) throw new Error('patchThroughUpdate needs get and update');
    const current = await handler.get(scope);
    const group = target.apiVersion.includes('/') ? target.apiVersion.split('/')[0]! : '';
    const patched = applyPatch(request.contentType, current, request.patch, { group, kind: target.kind });
    return handler.update(scope, patched);
  };
}
