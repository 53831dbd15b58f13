/**
 * Write-only Secret data: `data` and `stringData` are accepted on writes but never answered.
 * Every object the API sends (get, list, watch, Table, the answer to a write) carries the keys of
 * `data` with each value replaced by REDACTED_VALUE, so `kubectl describe` and `kubectl get -o
 * yaml` still list the keys. An update or patch that sends a key back with REDACTED_VALUE keeps
 * the stored value (what `kubectl edit` and a get-then-replace do); patches are applied to the
 * redacted object, so a JSON patch `test` cannot probe a stored value. Pure.
 */
import type { KubeObject } from '../../../api/object.js';

/** base64 of `<redacted>`: valid base64 (typed clients decode `data` as bytes), and says what it is */
export const REDACTED_VALUE = Buffer.from('<redacted>').toString('base64');

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

type StringMap = Record<string, string>;

function isStringMap(value: unknown): value is StringMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function redactedMap(map: unknown): StringMap | undefined {
  if (!isStringMap(map)) return undefined;
  return Object.fromEntries(Object.keys(map).map((k) => [k, REDACTED_VALUE]));
}

/**
 * `kubectl apply` copies the whole manifest, data included, into an annotation: its values are
 * redacted too (keeping the keys lets the next apply notice a removed key).
 */
export function redactLastApplied(annotations: StringMap | undefined): StringMap | undefined {
  const text = annotations?.[LAST_APPLIED_ANNOTATION];
  if (text === undefined) return annotations;
  const rest = { ...annotations };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    delete rest[LAST_APPLIED_ANNOTATION];
    return rest;
  }
  if (!isStringMap(parsed)) {
    delete rest[LAST_APPLIED_ANNOTATION];
    return rest;
  }
  const cleaned: Record<string, unknown> = { ...parsed };
  for (const field of ['data', 'stringData'] as const) {
    const map = redactedMap(cleaned[field]);
    if (map) cleaned[field] = map;
    else delete cleaned[field];
  }
  return { ...rest, [LAST_APPLIED_ANNOTATION]: JSON.stringify(cleaned) };
}

/** The object as the API shows it: data values elided, no stringData. */
export function redactSecret(object: KubeObject): KubeObject {
  const out: KubeObject = { ...object };
  delete out.stringData;
  const data = redactedMap(object.data);
  if (data) out.data = data;
  else delete out.data;
  const annotations = redactLastApplied(object.metadata.annotations);
  out.metadata = { ...object.metadata };
  if (annotations) out.metadata.annotations = annotations;
  return out;
}

/** Keys sent back with REDACTED_VALUE take the stored value; keys the stored object lacks stay as sent. */
export function restoreRedacted(
  data: StringMap | undefined,
  stored: StringMap | undefined,
): StringMap | undefined {
  if (!data) return data;
  const out: StringMap = {};
  for (const [k, v] of Object.entries(data)) {
    const old = stored?.[k];
    out[k] = v === REDACTED_VALUE && old !== undefined ? old : v;
  }
  return out;
}
