/**
 * core/v1 `secrets`: stored per namespace (in the store, as Kubernetes keeps them in etcd), with
 * write-only data (write-only.ts). The importer reads the docker config Secrets of a namespace as
 * its pull secrets (src/credentials/pull-secrets.ts).
 */
import type { KubeObject } from '../../../api/object.js';
import { SECRETS } from '../../../store/resource-types.js';
import type { Store } from '../../../store/store.js';
import { CORE } from '../../openapi/schema-builders.js';
import { NAME_COLUMN, age, type TableConvertor } from '../../table/table.js';
import type { ResourceDef } from '../resource-def.js';
import { storedResource } from '../stored-resource.js';
import { secretStrategy } from './secret-strategy.js';
import { redactSecret } from './write-only.js';

export { SECRETS };

/** `kubectl get secrets`: NAME TYPE DATA AGE */
const SECRET_TABLE: TableConvertor = {
  columns: [
    NAME_COLUMN,
    {
      name: 'Type',
      type: 'string',
      format: '',
      description: 'Used to facilitate programmatic handling of secret data.',
      priority: 0,
    },
    {
      name: 'Data',
      type: 'integer',
      format: '',
      description: 'The number of keys in data (values are write-only).',
      priority: 0,
    },
    { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp of the object.', priority: 0 },
  ],
  cells(object: KubeObject, now: Date) {
    const data = object.data;
    return [
      object.metadata.name,
      typeof object.type === 'string' ? object.type : '',
      typeof data === 'object' && data !== null ? Object.keys(data).length : 0,
      age(object.metadata.creationTimestamp, now),
    ];
  },
};

export function secretResource(store: Store): ResourceDef {
  return {
    group: '',
    version: 'v1',
    resource: 'secrets',
    singularName: 'secret',
    kind: 'Secret',
    namespaced: true,
    verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    schema: CORE + 'Secret',
    table: SECRET_TABLE,
    handler: storedResource(store, {
      type: SECRETS,
      apiVersion: 'v1',
      kind: 'Secret',
      listKind: 'SecretList',
      namespaced: true,
      strategy: secretStrategy,
      statusSubresource: false,
      schema: CORE + 'Secret',
      writeOnly: redactSecret,
    }),
  };
}
