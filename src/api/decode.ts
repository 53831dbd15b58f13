/**
 * Decoding outside payloads with a zod schema into API objects: zod issues become Kubernetes
 * field causes and one 422 Invalid (the client's fault), never a 500.
 */
import type { z } from 'zod';
import { IMAGE_API_VERSION } from './constants.js';
import { fieldInvalid, fieldNotSupported, fieldPath, fieldRequired, fieldTooLong } from './field-errors.js';
import { badRequest, invalid, type StatusCause } from './status-error.js';

type Issue = z.core.$ZodIssue;

function issueToCause(issue: Issue): StatusCause {
  const field = fieldPath(issue.path);
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return fieldRequired(field);
      return fieldInvalid(field, input, `must be of type ${issue.expected}`);
    case 'invalid_value':
      return fieldNotSupported(field, input, issue.values.map(String));
    case 'too_big':
      if (issue.origin === 'string') return fieldTooLong(field, Number(issue.maximum));
      return fieldInvalid(field, input, issue.message);
    default:
      return fieldInvalid(field, input, issue.message);
  }
}

/** Causes for every zod issue, field paths in Kubernetes form. */
export function zodCauses(error: z.ZodError): StatusCause[] {
  return error.issues.map(issueToCause);
}

export interface DecodeTarget {
  kind: string;
  group: string;
  resource: string;
}

function nameOf(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const meta = (input as { metadata?: unknown }).metadata;
  if (typeof meta !== 'object' || meta === null) return undefined;
  const name = (meta as { name?: unknown }).name;
  return typeof name === 'string' ? name : undefined;
}

/** Drops keys whose value is undefined, so that stored and compared objects are plain JSON. */
export function toPlainJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * Parses `input` with `schema`; fills apiVersion/kind when absent and rejects other ones (400, as
 * kube-apiserver does for a body of the wrong type).
 */
export function decodeWith<S extends z.ZodType<{ apiVersion: string; kind: string }>>(
  schema: S,
  target: DecodeTarget,
  input: unknown,
): z.output<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw badRequest(`the body of a ${target.kind} must be a JSON object`);
  }
  const result = schema.safeParse(input, { reportInput: true });
  const name = nameOf(input);
  if (!result.success) {
    throw invalid(
      {
        group: target.group,
        kind: target.kind,
        resource: target.resource,
        ...(name !== undefined ? { name } : {}),
      },
      zodCauses(result.error),
    );
  }
  const object = toPlainJson(result.data);
  if (object.apiVersion === '') object.apiVersion = IMAGE_API_VERSION;
  if (object.kind === '') object.kind = target.kind;
  if (object.apiVersion !== IMAGE_API_VERSION && object.apiVersion !== 'v1') {
    throw badRequest(
      `the API version in the data (${object.apiVersion}) does not match the expected API version (${IMAGE_API_VERSION})`,
    );
  }
  if (object.kind !== target.kind) {
    throw badRequest(
      `the kind in the data (${object.kind}) does not match the expected kind (${target.kind})`,
    );
  }
  object.apiVersion = IMAGE_API_VERSION;
  return object;
}
