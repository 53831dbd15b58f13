/**
 * One step of a field path, as structured-merge-diff writes it in FieldsV1: `f:name` (a field),
 * `k:{"name":"latest"}` (the item of a list keyed by its merge keys), `v:"x"` (the item of a set
 * list) and `i:3` (an item by position). A path is a list of these strings; they are also the keys
 * of a FieldSet, so they must be canonical: the keys of `k:` in sorted order. Pure.
 */

export type PathElement = string;

function sortedJson(object: Readonly<Record<string, unknown>>): string {
  const keys = Object.keys(object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(object[k])}`).join(',')}}`;
}

/** `f:` elements made once each, up to a bound (the field names of maps are the clients' own) */
const MAX_KEPT_FIELD_ELEMENTS = 2048;
const FIELD_ELEMENTS = new Map<string, PathElement>();

export function fieldElement(name: string): PathElement {
  const kept = FIELD_ELEMENTS.get(name);
  if (kept !== undefined) return kept;
  const pe = `f:${name}`;
  if (FIELD_ELEMENTS.size < MAX_KEPT_FIELD_ELEMENTS) FIELD_ELEMENTS.set(name, pe);
  return pe;
}
export const keyElement = (keys: Readonly<Record<string, unknown>>): PathElement => `k:${sortedJson(keys)}`;
export const valueElement = (value: unknown): PathElement => `v:${JSON.stringify(value)}`;
export const indexElement = (index: number): PathElement => `i:${index}`;

/** The field name of an `f:` element, else undefined. */
export function fieldName(pe: PathElement): string | undefined {
  return pe.startsWith('f:') ? pe.slice(2) : undefined;
}

/** The key fields of a `k:` element, else undefined. */
export function keyFields(pe: PathElement): Record<string, unknown> | undefined {
  if (!pe.startsWith('k:')) return undefined;
  const parsed: unknown = JSON.parse(pe.slice(2));
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : undefined;
}

const PREFIX = /^([fkvi]):/;

/** A FieldsV1 key we accept: the four prefixes; `k:` an object, `v:` JSON, `i:` an integer. */
export function isPathElement(s: string): boolean {
  const m = PREFIX.exec(s);
  if (!m) return false;
  const rest = s.slice(2);
  try {
    if (m[1] === 'k') return keyFields(s) !== undefined;
    if (m[1] === 'v') return JSON.parse(rest) !== undefined;
    if (m[1] === 'i') return /^\d+$/.test(rest);
    return true;
  } catch {
    return false;
  }
}

/** As kube-apiserver prints a path in conflicts: `.spec.tags[name="latest"].from.name`. */
function displayElement(pe: PathElement): string {
  const rest = pe.slice(2);
  switch (pe[0]) {
    case 'f':
      return `.${rest}`;
    case 'k': {
      const keys = keyFields(pe) ?? {};
      const parts = Object.keys(keys).map((k) => `${k}=${JSON.stringify(keys[k])}`);
      return `[${parts.join(',')}]`;
    }
    case 'v':
      return `[=${rest}]`;
    default:
      return `[${rest}]`;
  }
}

export function displayPath(path: readonly PathElement[]): string {
  return path.map(displayElement).join('');
}

const ORDER: Readonly<Record<string, number>> = { f: 0, k: 1, v: 2, i: 3 };

/** Field names first, then keys, values, indexes (structured-merge-diff's PathElement order). */
export function comparePathElements(a: PathElement, b: PathElement): number {
  const byType = (ORDER[a[0] ?? ''] ?? 4) - (ORDER[b[0] ?? ''] ?? 4);
  if (byType !== 0) return byType;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}
