/** The stored kinds of image.openshift.io/v1: imagestreams (namespaced, with status) and images (cluster-scoped). */
import { imageStrategy, imageStreamStrategy } from '../../api/strategies.js';
import { IMAGE_API_GROUP, IMAGE_API_VERSION } from '../../api/types.js';
import { invalid } from '../../api/status-error.js';
import type { StreamAdmission } from '../../api/validation/registry-whitelist.js';
import type { Store } from '../../store/store.js';
import { IMAGE } from '../openapi/schema-builders.js';
import { IMAGE_STREAM_TABLE, IMAGE_TABLE } from '../table/image-tables.js';
import type { ResourceDef } from './resource-def.js';
import { crossStreamResolver } from './cross-stream-sources.js';
import type { TagMoveGate } from './signature-gate.js';
import type { Decorator } from '../../api/image-stream-repository.js';
import { storedResource } from './stored-resource.js';

export { IMAGE_STREAMS, IMAGES } from '../../store/resource-types.js';
import { IMAGE_STREAMS, IMAGES } from '../../store/resource-types.js';

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
] as const;

/** `admit`: causes beyond validation that refuse a write (the registry allow list) */
export function imageStreamResource(
  store: Store,
  decorate: Decorator,
  admit: StreamAdmission = () => [],
  gate?: TagMoveGate,
): ResourceDef {
  const resolveSources = crossStreamResolver(store, gate);
  return {
    group: IMAGE_API_GROUP,
    version: 'v1',
    resource: 'imagestreams',
    singularName: 'imagestream',
    kind: 'ImageStream',
    namespaced: true,
    verbs: [...ALL_VERBS],
    shortNames: ['is'],
    categories: ['all'],
    subresources: [{ name: 'status', verbs: ['get', 'patch', 'update'] }],
    table: IMAGE_STREAM_TABLE,
    schema: IMAGE + 'ImageStream',
    handler: storedResource(store, {
      type: IMAGE_STREAMS,
      apiVersion: IMAGE_API_VERSION,
      kind: 'ImageStream',
      listKind: 'ImageStreamList',
      namespaced: true,
      strategy: imageStreamStrategy,
      statusSubresource: true,
      schema: IMAGE + 'ImageStream',
      decorate,
      resolve: async (next, old, scope) => {
        const causes = admit(next, old);
        if (causes.length > 0)
          throw invalid(
            {
              resource: 'imagestreams',
              group: IMAGE_API_GROUP,
              kind: 'ImageStream',
              name: next.metadata.name,
            },
            causes,
          );
        return resolveSources(next, old, scope);
      },
    }),
  };
}

export function imageResource(store: Store): ResourceDef {
  return {
    group: IMAGE_API_GROUP,
    version: 'v1',
    resource: 'images',
    singularName: 'image',
    kind: 'Image',
    namespaced: false,
    verbs: [...ALL_VERBS],
    table: IMAGE_TABLE,
    schema: IMAGE + 'Image',
    handler: storedResource(store, {
      type: IMAGES,
      apiVersion: IMAGE_API_VERSION,
      kind: 'Image',
      listKind: 'ImageList',
      namespaced: false,
      strategy: imageStrategy,
      statusSubresource: false,
      schema: IMAGE + 'Image',
    }),
  };
}
