/**
 * Field errors as Kubernetes reports them (k8s.io/apimachinery field.Error): a reason, the field
 * path and a message in Kubernetes' words ("Required value", "Invalid value: …").
 */
import type { StatusCause } from './status-error.js';

export const CauseReason = {
  Invalid: 'FieldValueInvalid',
  Required: 'FieldValueRequired',
  NotSupported: 'FieldValueNotSupported',
  Duplicate: 'FieldValueDuplicate',
  TooLong: 'FieldValueTooLong',
  Forbidden: 'FieldValueForbidden',
  NotFound: 'FieldValueNotFound',
} as const;
export type CauseReason = (typeof CauseReason)[keyof typeof CauseReason];

/** Prints a value the way field errors quote it: strings quoted, the rest as JSON. */
function printValue(value: unknown): string {
  if (value === undefined) return 'null';
  const json = JSON.stringify(value);
  return json.length > 200 ? `${json.slice(0, 200)}…` : json;
}

export function fieldInvalid(field: string, value: unknown, detail: string): StatusCause {
  return { reason: CauseReason.Invalid, field, message: `Invalid value: ${printValue(value)}: ${detail}` };
}

export function fieldRequired(field: string, detail = ''): StatusCause {
  return {
    reason: CauseReason.Required,
    field,
    message: detail ? `Required value: ${detail}` : 'Required value',
  };
}

export function fieldNotSupported(field: string, value: unknown, supported: readonly string[]): StatusCause {
  const list = supported.map((s) => JSON.stringify(s)).join(', ');
  return {
    reason: CauseReason.NotSupported,
    field,
    message: `Unsupported value: ${printValue(value)}: supported values: ${list}`,
  };
}

export function fieldDuplicate(field: string, value: unknown): StatusCause {
  return { reason: CauseReason.Duplicate, field, message: `Duplicate value: ${printValue(value)}` };
}

export function fieldTooLong(field: string, max: number): StatusCause {
  return { reason: CauseReason.TooLong, field, message: `Too long: may not be more than ${max} bytes` };
}

export function fieldForbidden(field: string, detail: string): StatusCause {
  return { reason: CauseReason.Forbidden, field, message: `Forbidden: ${detail}` };
}

export function fieldNotFound(field: string, value: unknown): StatusCause {
  return { reason: CauseReason.NotFound, field, message: `Not found: ${printValue(value)}` };
}

/** `spec.tags[0].from.kind` from a path of keys and indices. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}
