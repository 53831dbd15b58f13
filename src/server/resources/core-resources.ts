/**
 * The core-group resources we keep: namespaces (cluster-scoped, implicitly created) and events
 * (namespaced; written by later parts, e.g. the importer). Their strategies are minimal: the
 * name rules of Kubernetes and server-owned metadata.
 */
import type { KubeObject } from '../../api/object.js';
import type { StatusCause } from '../../api/status-error.js';
import type { Strategy } from '../../api/strategy.js';
import { validateLabelsAndAnnotations } from '../../api/validation/labels.js';
import type { ResourceType, Store } from '../../store/store.js';
import { decodeCoreObject } from './core-object-decode.js';
import { withNamespaceDeletion } from './namespace-deletion.js';
import { withEventFieldSelectors } from './event-field-selector.js';
import { CORE } from '../openapi/schema-builders.js';
import { isPlainObject } from './input.js';
import { NAMESPACES } from './namespaces.js';
import type { ResourceDef } from './resource-def.js';
import { storedResource } from './stored-resource.js';
import { DNS_LABEL, DNS_SUBDOMAIN, nameCauses } from './names.js';

function simpleStrategy(
  kind: string,
  pattern: RegExp,
  max: number,
  what: string,
  extraCauses: (o: KubeObject) => StatusCause[] = () => [],
): Strategy {
  const validateCore = (o: KubeObject): StatusCause[] => [
    ...nameCauses(o.metadata.name, pattern, max, what),
    ...validateLabelsAndAnnotations(o.metadata),
    ...extraCauses(o),
  ];
  return {
    kind,
    group: '',
    decode: (input) => decodeCoreObject(kind, input),
    prepareForCreate: (o) => o,
    prepareForUpdate: (o, old) => ({
      ...o,
      metadata: { ...o.metadata, uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp },
    }),
    prepareForStatusUpdate: (o, old) => ({ ...old, status: o.status }),
    validate: (o) => validateCore(o),
    validateUpdate: (o) => validateCore(o),
  };
}

const namespaceStrategy: Strategy = {
  ...simpleStrategy('Namespace', DNS_LABEL, 63, 'label'),
  prepareForCreate: (o) => ({ ...o, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }),
};

const eventStrategy = simpleStrategy('Event', DNS_SUBDOMAIN, 253, 'subdomain', (o) =>
  isPlainObject(o.involvedObject)
    ? []
    : [{ reason: 'FieldValueRequired', message: 'Required value', field: 'involvedObject' }],
);

export { EVENTS } from '../../store/resource-types.js';
import { EVENTS } from '../../store/resource-types.js';

/** `namespacedContents`: the stored namespaced types a namespace deletion removes */
export function coreResources(store: Store, namespacedContents: readonly ResourceType[]): ResourceDef[] {
  return [
    {
      group: '',
      version: 'v1',
      resource: 'namespaces',
      singularName: 'namespace',
      kind: 'Namespace',
      namespaced: false,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['ns'],
      schema: CORE + 'Namespace',
      handler: withNamespaceDeletion(
        storedResource(store, {
          type: NAMESPACES,
          apiVersion: 'v1',
          kind: 'Namespace',
          listKind: 'NamespaceList',
          namespaced: false,
          strategy: namespaceStrategy,
          statusSubresource: false,
          schema: CORE + 'Namespace',
        }),
        store,
        namespacedContents,
      ),
    },
    {
      group: '',
      version: 'v1',
      resource: 'events',
      singularName: 'event',
      kind: 'Event',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['ev'],
      schema: CORE + 'Event',
      handler: withEventFieldSelectors(
        storedResource(store, {
          type: EVENTS,
          apiVersion: 'v1',
          kind: 'Event',
          listKind: 'EventList',
          namespaced: true,
          strategy: eventStrategy,
          statusSubresource: false,
          schema: CORE + 'Event',
        }),
      ),
    },
  ];
}
