/**
 * The vocabulary of a strategic merge patch (apimachinery's strategicpatch) and its errors,
 * answered as kube-apiserver answers them: a malformed patch is the client's fault (400), content
 * that contradicts its own `$retainKeys` or a list of lists is unprocessable (422). Pure.
 */
import { StatusError, StatusReason, badRequest } from '../../../api/status-error.js';

export const DIRECTIVE = '$patch';
export const RETAIN_KEYS = '$retainKeys';
export const SET_ELEMENT_ORDER = '$setElementOrder/';
export const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

export const PatchDirective = { Delete: 'delete', Replace: 'replace', Merge: 'merge' } as const;

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** object, list or scalar: values of different shapes replace each other */
export function shapeOf(v: unknown): 'object' | 'list' | 'scalar' {
  if (Array.isArray(v)) return 'list';
  return isObject(v) ? 'object' : 'scalar';
}

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

export function noMergeKey(item: unknown, key: string): StatusError {
  return badRequest(`map: ${show(item)} does not contain declared merge key: ${key}`);
}

export function unknownDirective(directive: unknown, item: unknown): StatusError {
  return badRequest(`unknown patch type: ${show(directive)} in map: ${show(item)}`);
}

export function badFormat(of: 'primitive list' | 'retainKeys' | 'setElementOrder list'): StatusError {
  return badRequest(`invalid patch format of ${of}`);
}

export function unprocessable(message: string): StatusError {
  return new StatusError(422, StatusReason.Invalid, message);
}

export function orderMismatch(patchList: unknown, order: unknown): StatusError {
  return badRequest(
    `The order in patch list: ${show(patchList)} doesn't match $setElementOrder list: ${show(order)}`,
  );
}
