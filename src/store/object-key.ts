/**
 * Where an object lives in a store: its resource type key, namespace and name, and the names that
 * error messages use for it.
 */
import type { KubeObject } from '../api/object.js';
import { badRequest, type Qualified } from '../api/status-error.js';
import type { ResourceType } from './store.js';

/** `imagestreams.image.openshift.io`, or `namespaces` for the core group: the Kubernetes qualified resource. */
export function typeKey(type: ResourceType): string {
  return type.group === '' ? type.resource : `${type.resource}.${type.group}`;
}

/** The subject of a StatusError about one object of this type. */
export function qualified(type: ResourceType, name: string): Qualified {
  return type.group === ''
    ? { resource: type.resource, name }
    : { group: type.group, resource: type.resource, name };
}

/**
 * The namespace part of the key: '' for cluster-scoped types (whatever the caller passed), the given
 * namespace for namespaced ones. A namespaced type without a namespace is the caller's mistake (400).
 */
export function keyNamespace(type: ResourceType, namespace: string | undefined): string {
  if (!type.namespaced) return '';
  if (namespace === undefined || namespace === '') {
    throw badRequest(`${typeKey(type)} is namespaced: a namespace is required`);
  }
  return namespace;
}

/** Checks the name and namespace of an object about to be written and returns its key parts. */
export function objectKey(type: ResourceType, object: KubeObject): { namespace: string; name: string } {
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name === '')
    throw badRequest(`${typeKey(type)}: metadata.name is required`);
  return { namespace: keyNamespace(type, object.metadata.namespace), name };
}
