/**
 * apiextensions.k8s.io/v1 customresourcedefinitions, read-only and always empty: this server
 * defines no custom resources. kubectl lists CRDs to decide how to validate a kind its OpenAPI
 * has no PATCH path for (a `kind: ImageStreamList` file); without the list it refuses the file.
 */
import { notFound } from '../../api/status-error.js';
import type { Store } from '../../store/store.js';
import type { ResourceDef } from './resource-def.js';

const CRD_GROUP = 'apiextensions.k8s.io';

export function customResourceDefinitions(store: Store): ResourceDef {
  return {
    group: CRD_GROUP,
    version: 'v1',
    resource: 'customresourcedefinitions',
    singularName: 'customresourcedefinition',
    kind: 'CustomResourceDefinition',
    namespaced: false,
    verbs: ['get', 'list'],
    shortNames: ['crd', 'crds'],
    handler: {
      async get(scope) {
        throw notFound({
          resource: 'customresourcedefinitions',
          group: CRD_GROUP,
          name: scope.info.name ?? '',
        });
      },
      async list() {
        return {
          apiVersion: `${CRD_GROUP}/v1`,
          kind: 'CustomResourceDefinitionList',
          metadata: { resourceVersion: await store.currentResourceVersion() },
          items: [],
        };
      },
    },
  };
}
