/**
 * `-o yaml|json|name` as kubectl prints them: keys sorted (kubectl goes through Go maps), JSON
 * indented by four spaces, YAML with unindented sequences, and several objects wrapped in a List.
 */
import { stringify } from 'yaml';
import type { ResourceInfo } from '../resources.js';
import { qualifiedSingular } from '../resources.js';

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}

export function toJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 4) + '\n';
}

export function toYaml(value: unknown): string {
  // YAML 1.1 quoting, as kubectl's go-yaml does: timestamps, "yes", "on" stay strings for every reader
  return stringify(sortKeys(value), { indentSeq: false, lineWidth: 0, version: '1.1' });
}

/** The List kubectl prints for a list request or several objects. */
export function asList(items: readonly unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** `imagestream.image.openshift.io/ruby` */
export function objectName(r: ResourceInfo, name: string): string {
  return `${qualifiedSingular(r)}/${name}`;
}
