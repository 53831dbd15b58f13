/**
 * The paths of a JSON patch (RFC 6902) checked before it is applied: a `__proto__` segment, or
 * `constructor` followed by `prototype`, would reach an object's prototype. fast-json-patch bans
 * them by throwing a TypeError, which read as our bug (500); they are the client's mistake (422).
 */
import { fieldForbidden } from '../../api/field-errors.js';
import { StatusError, StatusReason } from '../../api/status-error.js';

/** RFC 6901 segments of a JSON pointer, unescaped (`~1` is `/`, `~0` is `~`). */
function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** True when the pointer would step into an object's prototype. */
export function reachesPrototype(pointer: string): boolean {
  const segments = pointerSegments(pointer);
  return segments.some(
    (s, i) => s === '__proto__' || (s === 'prototype' && i > 0 && segments[i - 1] === 'constructor'),
  );
}

function pointersOf(operation: unknown): { field: string; pointer: string }[] {
  if (typeof operation !== 'object' || operation === null) return [];
  const out: { field: string; pointer: string }[] = [];
  for (const field of ['path', 'from'] as const) {
    const value = (operation as Record<string, unknown>)[field];
    if (typeof value === 'string') out.push({ field, pointer: value });
  }
  return out;
}

/** Throws 422 Invalid naming each operation whose path or from reaches a prototype. */
export function checkJsonPatchPaths(patch: readonly unknown[]): void {
  const causes = patch.flatMap((operation, i) =>
    pointersOf(operation)
      .filter((p) => reachesPrototype(p.pointer))
      .map((p) =>
        fieldForbidden(
          `[${i}].${p.field}`,
          `${JSON.stringify(p.pointer)} may not name __proto__ or constructor/prototype`,
        ),
      ),
  );
  if (causes.length === 0) return;
  throw new StatusError(
    422,
    StatusReason.Invalid,
    `the JSON patch could not be applied: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`,
    { causes },
  );
}
