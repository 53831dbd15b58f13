/**
 * What `isctl apply` sends, decided without I/O. Like kubectl's client-side apply, the manifest
 * is the user's intent and the last applied manifest is remembered in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation (so `kubectl apply` can take over
 * later). The update replaces the fields the manifest owns, keeps status and the labels and
 * annotations others set, and keeps a tag's generation when the tag did not change (so an apply
 * that changes nothing about a tag does not re-import it). "unchanged" means: the manifest is the
 * one applied last and every field it sets already has that value.
 */
import type { KubeObject, ObjectMeta } from '../api/object.js';
import { apiVersionOf, type ResourceInfo } from './resources.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const OWNED_BY_SERVER = new Set(['apiVersion', 'kind', 'metadata', 'status']);

export type ApplyAction = 'create' | 'update' | 'unchanged';

export interface ApplyPlan {
  action: ApplyAction;
  body: KubeObject;
}

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

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The key lists of these types merge on (`name` for spec tags, `tag` for status tags). */
function mergeKey(list: readonly unknown[]): 'name' | 'tag' | undefined {
  if (list.length === 0 || !list.every(isObject)) return undefined;
  if (list.every((x) => typeof x.name === 'string')) return 'name';
  if (list.every((x) => typeof x.tag === 'string')) return 'tag';
  return undefined;
}

function listSubset(a: readonly unknown[], b: unknown): boolean {
  if (!Array.isArray(b) || a.length !== b.length) return false;
  const key = mergeKey(a);
  if (!key) return a.every((x, i) => isSubset(x, b[i]));
  return a.every((x) => {
    const match = b.find((y) => isObject(y) && y[key] === (x as Record<string, unknown>)[key]);
    return match !== undefined && isSubset(x, match);
  });
}

/** True when every field set in `a` has the same value in `b` (fields only in `b`, like defaults, are ignored). */
export function isSubset(a: unknown, b: unknown): boolean {
  if (a === undefined) return true;
  if (a === null) return b === null || b === undefined;
  if (Array.isArray(a)) return listSubset(a, b);
  if (isObject(a)) return isObject(b) && Object.keys(a).every((k) => isSubset(a[k], b[k]));
  return a === b;
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

function previousOf(live: KubeObject): KubeObject | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as KubeObject;
  } catch {
    return undefined;
  }
}

/** live + desired, minus what the previous apply set and this one no longer does. */
function mergeMaps(
  live: Record<string, string> | undefined,
  desired: Record<string, string> | undefined,
  previous: Record<string, string> | undefined,
): Record<string, string> {
  const out = { ...live };
  for (const k of Object.keys(previous ?? {})) if (!(k in (desired ?? {}))) delete out[k];
  return Object.assign(out, desired);
}

function keepTagGenerations(spec: unknown, liveSpec: unknown): unknown {
  if (!isObject(spec) || !Array.isArray(spec.tags) || !isObject(liveSpec) || !Array.isArray(liveSpec.tags)) {
    return spec;
  }
  const liveTags = liveSpec.tags.filter(isObject);
  const tags = spec.tags.map((tag: unknown) => {
    if (!isObject(tag) || tag.generation !== undefined) return tag;
    const old = liveTags.find((t) => t.name === tag.name);
    return old && old.generation !== undefined && isSubset(tag, old)
      ? { ...tag, generation: old.generation }
      : tag;
  });
  return { ...spec, tags };
}

function desiredMetadata(manifest: KubeObject, live: KubeObject, applied: string): ObjectMeta {
  const previous = previousOf(live)?.metadata;
  const labels = mergeMaps(live.metadata.labels, manifest.metadata.labels, previous?.labels);
  const annotations = mergeMaps(
    live.metadata.annotations,
    manifest.metadata.annotations,
    previous?.annotations,
  );
  annotations[LAST_APPLIED] = applied;
  const metadata: ObjectMeta = { ...live.metadata, annotations };
  if (Object.keys(labels).length > 0) metadata.labels = labels;
  else delete metadata.labels;
  return metadata;
}

/** Equal maps; the last-applied annotation is left to sameLastApplied. */
function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const keys = (m: Record<string, string> | undefined) =>
    Object.keys(m ?? {}).filter((k) => k !== LAST_APPLIED);
  const ak = keys(a);
  return ak.length === keys(b).length && ak.every((k) => a?.[k] === b?.[k]);
}

/** What to do with a normalized manifest given the live object (undefined: it does not exist). */
export function planApply(manifest: KubeObject, live: KubeObject | undefined): ApplyPlan {
  const applied = lastAppliedOf(manifest);
  if (!live) {
    const annotations = { ...manifest.metadata.annotations, [LAST_APPLIED]: applied };
    return { action: 'create', body: { ...manifest, metadata: { ...manifest.metadata, annotations } } };
  }
  const body: KubeObject = { ...manifest, metadata: desiredMetadata(manifest, live, applied) };
  if (live.status !== undefined) body.status = live.status;
  if (body.kind === 'ImageStream') body.spec = keepTagGenerations(body.spec, live.spec);
  const fields = Object.keys(manifest).filter((k) => !OWNED_BY_SERVER.has(k));
  const unchanged =
    sameLastApplied(live.metadata.annotations?.[LAST_APPLIED], applied) &&
    sameMap(body.metadata.labels, live.metadata.labels) &&
    sameMap(body.metadata.annotations, live.metadata.annotations) &&
    fields.every((k) => isSubset(body[k], live[k]));
  return { action: unchanged ? 'unchanged' : 'update', body };
}
