/**
 * What `isctl apply` sends, decided without I/O, as kubectl's client-side apply: the manifest is
 * the user's intent, the last applied manifest is remembered in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation (in kubectl's format, so
 * `kubectl apply` and `isctl apply` can take turns on one object), and an existing object gets the
 * three-way strategic merge patch of last-applied, manifest and live object (./three-way-patch.ts):
 * fields others set (tags added with `isctl tag`, labels, status, a tag's generation) are kept,
 * only fields the previous apply set and this manifest no longer has are deleted. "unchanged"
 * means the patch is empty.
 */
import type { KubeObject, ObjectMeta } from '../api/object.js';
import { apiVersionOf, type ResourceInfo } from './resources.js';
import { threeWayMergePatch, type JsonObject } from './three-way-patch.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export type ApplyAction = 'create' | 'patch' | 'unchanged';

export type ApplyPlan =
  { action: 'create'; body: KubeObject } | { action: 'patch'; patch: JsonObject } | { action: 'unchanged' };

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** The manifest as the server should get it: the served apiVersion, the target namespace, no status. */
export function normalizeManifest(
  manifest: KubeObject,
  r: ResourceInfo,
  namespace: string | undefined,
): KubeObject {
  const { status: _status, ...rest } = manifest;
  const metadata: ObjectMeta = { ...manifest.metadata };
  if (r.namespaced && namespace) metadata.namespace = namespace;
  else delete metadata.namespace;
  return { ...rest, apiVersion: apiVersionOf(r), kind: r.kind, metadata };
}

/**
 * kubectl's annotation value, byte for byte: the manifest as JSON with sorted keys, an
 * `annotations` map always present and without the annotation itself, and a final newline.
 */
export function lastAppliedOf(manifest: KubeObject): string {
  const annotations = { ...manifest.metadata.annotations };
  delete annotations[LAST_APPLIED];
  return JSON.stringify(sorted({ ...manifest, metadata: { ...manifest.metadata, annotations } })) + '\n';
}

/** Same JSON, whatever the whitespace (kubectl and other tools may write it differently). */
function sameLastApplied(live: string | undefined, applied: string): boolean {
  if (live === undefined) return false;
  try {
    return JSON.stringify(sorted(JSON.parse(live))) === JSON.stringify(sorted(JSON.parse(applied)));
  } catch {
    return false;
  }
}

function previousOf(live: KubeObject): JsonObject | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as JsonObject)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The manifest with its last-applied annotation (the live text kept when it is the same JSON). */
function withLastApplied(manifest: KubeObject, live: KubeObject | undefined): KubeObject {
  const applied = lastAppliedOf(manifest);
  const text = live?.metadata.annotations?.[LAST_APPLIED];
  const annotations = {
    ...manifest.metadata.annotations,
    [LAST_APPLIED]: text !== undefined && sameLastApplied(text, applied) ? text : applied,
  };
  return { ...manifest, metadata: { ...manifest.metadata, annotations } };
}

/** What to do with a normalized manifest given the live object (undefined: it does not exist). */
export function planApply(manifest: KubeObject, live: KubeObject | undefined, r: ResourceInfo): ApplyPlan {
  const modified = withLastApplied(manifest, live);
  if (!live) return { action: 'create', body: modified };
  const patch = threeWayMergePatch(previousOf(live), modified, live, r);
  return Object.keys(patch).length === 0 ? { action: 'unchanged' } : { action: 'patch', patch };
}
