/**
 * JSON patch (RFC 6902) with the bounds kube-apiserver puts on it, so that one request cannot hold
 * the event loop: at most 10,000 operations (413), at most 3 MiB copied by `copy` operations in
 * all (422, evanphx/json-patch's AccumulatedCopySizeLimit) and at most 3 MiB of patched result
 * (413). The document is cloned once and patched in place: fast-json-patch's own validation
 * clones the whole document for every `copy` and `move`, which turned 400 operations on a stream
 * with a 1 MB annotation into seconds of blocked event loop. Pure.
 */
import fastJsonPatch from 'fast-json-patch';
import { z } from 'zod';
import { StatusError, StatusReason, badRequest, type StatusCause } from '../../api/status-error.js';
import { checkJsonPatchPaths } from './json-patch-paths.js';

export interface JsonPatchLimits {
  /** operations in one patch (kube-apiserver: 10,000) */
  maxOperations: number;
  /** bytes of JSON that `copy` operations may duplicate in all */
  maxCopyBytes: number;
  /** bytes of JSON of the patched document */
  maxResultBytes: number;
}

export const DEFAULT_JSON_PATCH_LIMITS: JsonPatchLimits = {
  maxOperations: 10_000,
  maxCopyBytes: 3 * 1024 * 1024,
  maxResultBytes: 3 * 1024 * 1024,
};

const Pointer = z.string().regex(/^(\/.*)?$/, 'a JSON pointer is empty or starts with "/"');
const WithValue = z.object({ path: Pointer, value: z.unknown().refine((v) => v !== undefined, 'required') });
const WithFrom = z.object({ path: Pointer, from: Pointer });

export const JsonPatchOperationSchema = z.discriminatedUnion('op', [
  WithValue.extend({ op: z.literal('add') }),
  WithValue.extend({ op: z.literal('replace') }),
  WithValue.extend({ op: z.literal('test') }),
  z.object({ op: z.literal('remove'), path: Pointer }),
  WithFrom.extend({ op: z.literal('move') }),
  WithFrom.extend({ op: z.literal('copy') }),
]);
export type JsonPatchOperation = z.infer<typeof JsonPatchOperationSchema>;

function tooLarge(message: string): StatusError {
  return new StatusError(413, StatusReason.RequestEntityTooLarge, message);
}

function notApplied(message: string, cause?: unknown): StatusError {
  return new StatusError(
    422,
    StatusReason.Invalid,
    `the JSON patch could not be applied: ${message}`,
    undefined,
    cause === undefined ? undefined : { cause },
  );
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/**
 * The operations, or: 422 for a path into a prototype (json-patch-paths.ts), 413 past the
 * operation limit, 400 naming the first bad fields (`[3].path`).
 */
function parseJsonPatch(patch: unknown, limits: JsonPatchLimits): JsonPatchOperation[] {
  if (!Array.isArray(patch)) throw badRequest('a JSON patch must be a list of operations');
  // first: a path into a prototype is refused before anything else reads the operations
  checkJsonPatchPaths(patch);
  if (patch.length > limits.maxOperations)
    throw tooLarge(
      `The allowed maximum operations in a JSON patch is ${limits.maxOperations}, got ${patch.length}`,
    );
  const parsed = z.array(JsonPatchOperationSchema).safeParse(patch);
  if (parsed.success) return parsed.data;
  const causes: StatusCause[] = parsed.error.issues.slice(0, 10).map((issue) => ({
    reason: 'FieldValueInvalid',
    message: issue.message,
    field: fieldOf(issue.path),
  }));
  throw badRequest(
    `the JSON patch is invalid: ${causes[0]?.field ?? ''}: ${causes[0]?.message ?? ''}`,
    causes,
  );
}

function decodeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

function child(value: unknown, segment: string): { found: boolean; value: unknown } {
  if (Array.isArray(value)) {
    if (!/^(0|[1-9]\d*)$/.test(segment)) return { found: false, value: undefined };
    const i = Number(segment);
    return i < value.length ? { found: true, value: value[i] } : { found: false, value: undefined };
  }
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment))
    return { found: false, value: undefined };
  return { found: true, value: (value as Record<string, unknown>)[segment] };
}

/** The value a JSON pointer names, without copying anything. */
export function resolvePointer(document: unknown, pointer: string): { found: boolean; value: unknown } {
  if (pointer === '') return { found: true, value: document };
  let at: { found: boolean; value: unknown } = { found: true, value: document };
  for (const segment of pointer.slice(1).split('/')) {
    at = child(at.value, decodeSegment(segment));
    if (!at.found) return at;
  }
  return at;
}

function jsonBytes(value: unknown): number {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? 0 : Buffer.byteLength(text);
}

/**
 * fast-json-patch's per-operation check without its document clone: the shape was checked by the
 * schema; what is left is whether the paths exist.
 */
function checkAgainstDocument(
  op: fastJsonPatch.Operation,
  index: number,
  document: unknown,
  existing: string,
): void {
  fastJsonPatch.validator(op, index);
  if (op.op === 'move' || op.op === 'copy') {
    if (!resolvePointer(document, op.from).found)
      throw new fastJsonPatch.JsonPatchError(
        'Cannot perform the operation from a path that does not exist',
        'OPERATION_FROM_UNRESOLVABLE',
        index,
        op,
        document,
      );
    return;
  }
  // add, replace, remove: as fast-json-patch's validator decides it
  fastJsonPatch.validator(op, index, document, existing);
}

class CopyBudget {
  private readonly limit: number;
  private left: number;
  constructor(limit: number) {
    this.limit = limit;
    this.left = limit;
  }
  /** A copy duplicates its source: charged before it happens. */
  charge(document: unknown, op: JsonPatchOperation): void {
    if (op.op !== 'copy') return;
    const source = resolvePointer(document, op.from);
    if (!source.found) return; // the operation itself reports it
    this.left -= jsonBytes(source.value);
    if (this.left < 0) throw notApplied(`the operations copy more than ${this.limit} bytes in all`);
  }
}

function applyOne(document: unknown, op: JsonPatchOperation, index: number): unknown {
  // checked here too: fast-json-patch does not check `from` for an operation on the root
  if ((op.op === 'move' || op.op === 'copy') && !resolvePointer(document, op.from).found)
    throw notApplied(`operation ${index} (${op.op} ${op.path}): the path ${op.from} does not exist`);
  try {
    const operation = op as fastJsonPatch.Operation;
    return fastJsonPatch.applyOperation(document, operation, checkAgainstDocument, true, true, index)
      .newDocument;
  } catch (e) {
    const message = e instanceof Error ? (e.message.split('\n')[0] ?? e.name) : String(e);
    throw notApplied(`operation ${index} (${op.op} ${op.path}): ${message}`, e);
  }
}

/** The patched copy of `target` (never changed), or the Status that says why not. */
export function applyJsonPatch(
  target: unknown,
  patch: unknown,
  limits: JsonPatchLimits = DEFAULT_JSON_PATCH_LIMITS,
): unknown {
  const operations = parseJsonPatch(patch, limits);
  const budget = new CopyBudget(limits.maxCopyBytes);
  // one clone; values taken from the patch are cloned too, so the result never aliases the request
  let document: unknown = structuredClone(target);
  for (const [index, op] of structuredClone(operations).entries()) {
    budget.charge(document, op);
    document = applyOne(document, op, index);
  }
  const size = jsonBytes(document);
  if (size > limits.maxResultBytes)
    throw tooLarge(`the patched object is ${size} bytes, more than the limit of ${limits.maxResultBytes}`);
  return document;
}
