/**
 * The etcd key layout, as the Kubernetes apiserver lays out /registry:
 *   PREFIX/RESOURCE.GROUP/NAMESPACE/NAME   (namespaced)
 *   PREFIX/RESOURCE.GROUP/NAME             (cluster-scoped)
 * Every range ends in '/', so one type's keys never share a prefix with another type's.
 */
import { badRequest } from '../../api/status-error.js';
import { keyNamespace, typeKey } from '../object-key.js';
import type { ResourceType } from '../store.js';

export interface KeyRange {
  /** first key (inclusive) */
  start: Buffer;
  /** end key (exclusive) */
  end: Buffer;
}

/** The prefix without a trailing slash: '/imagestreams' for '/imagestreams/' or 'imagestreams'. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** A name or namespace with '/' would read back as a different key: refuse it as the caller's mistake. */
function segment(value: string, what: string): string {
  if (value.includes('/') || value === '.' || value === '..') {
    throw badRequest(`${what} "${value}" may not contain '/' or be '.' or '..'`);
  }
  return value;
}

/** The directory of one type (and namespace), ending in '/'. */
export function typeDirectory(prefix: string, type: ResourceType, namespace?: string): string {
  const base = `${prefix}/${typeKey(type)}/`;
  if (!type.namespaced || namespace === undefined || namespace === '') return base;
  return `${base}${segment(namespace, 'namespace')}/`;
}

export function objectKeyPath(
  prefix: string,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): string {
  const ns = keyNamespace(type, namespace);
  const dir = type.namespaced ? typeDirectory(prefix, type, ns) : typeDirectory(prefix, type);
  return `${dir}${segment(name, 'name')}`;
}

/** The end of a prefix range: the prefix with its last byte incremented (etcd's clientv3.GetPrefixRangeEnd). */
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    const byte = end[i] as number;
    if (byte < 0xff) {
      end[i] = byte + 1;
      return end.subarray(0, i + 1);
    }
  }
  // every byte is 0xff: to the end of the key space
  return Buffer.from([0]);
}

export function prefixRange(prefix: string): KeyRange {
  const start = Buffer.from(prefix);
  return { start, end: prefixEnd(start) };
}
