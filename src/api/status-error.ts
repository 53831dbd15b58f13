/**
 * The one error type of the API. Everything a request can fail with becomes a StatusError,
 * and the server turns it into a Kubernetes `Status` object in exactly one place.
 */

export const StatusReason = {
  BadRequest: 'BadRequest',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Gone: 'Gone',
  Expired: 'Expired',
  Invalid: 'Invalid',
  MethodNotAllowed: 'MethodNotAllowed',
  NotAcceptable: 'NotAcceptable',
  UnsupportedMediaType: 'UnsupportedMediaType',
  RequestEntityTooLarge: 'RequestEntityTooLarge',
  TooManyRequests: 'TooManyRequests',
  InternalError: 'InternalError',
  ServiceUnavailable: 'ServiceUnavailable',
  Timeout: 'Timeout',
} as const;
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];

/** A field-level cause, as in `Status.details.causes` (`reason` is e.g. FieldValueInvalid). */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** metav1.Status as it goes over the wire. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message: string;
  reason: StatusReason | string;
  details?: StatusDetails;
  code: number;
}

/** Identifies the object an error is about: group/kind/name as Kubernetes prints them. */
export interface Qualified {
  group?: string;
  kind?: string;
  /** plural resource name used in messages: `imagestreams.image.openshift.io "x" not found` */
  resource: string;
  name?: string;
}

export class StatusError extends Error {
  readonly code: number;
  readonly reason: StatusReason | string;
  readonly details: StatusDetails | undefined;

  constructor(
    code: number,
    reason: StatusReason | string,
    message: string,
    details?: StatusDetails,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StatusError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }

  toStatus(): Status {
    return statusObject(this.code, this.reason, this.message, this.details);
  }
}

/** A metav1.Status: `Success` below 400, `Failure` from 400 on. */
export function statusObject(
  code: number,
  reason: StatusReason | string,
  message: string,
  details?: StatusDetails,
): Status {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason,
    code,
    ...(details ? { details } : {}),
  };
}

function qualifiedResource(q: Qualified): string {
  return q.group ? `${q.resource}.${q.group}` : q.resource;
}

function detailsOf(q: Qualified): StatusDetails {
  const d: StatusDetails = {};
  if (q.name !== undefined) d.name = q.name;
  if (q.group !== undefined) d.group = q.group;
  d.kind = q.resource;
  return d;
}

export function notFound(q: Qualified): StatusError {
  return new StatusError(
    404,
    StatusReason.NotFound,
    `${qualifiedResource(q)} "${q.name ?? ''}" not found`,
    detailsOf(q),
  );
}

export function alreadyExists(q: Qualified): StatusError {
  return new StatusError(
    409,
    StatusReason.AlreadyExists,
    `${qualifiedResource(q)} "${q.name ?? ''}" already exists`,
    detailsOf(q),
  );
}

export function conflict(q: Qualified, why: string): StatusError {
  return new StatusError(
    409,
    StatusReason.Conflict,
    `Operation cannot be fulfilled on ${qualifiedResource(q)} "${q.name ?? ''}": ${why}`,
    detailsOf(q),
  );
}

/** The message Kubernetes uses for an optimistic-concurrency failure. */
export const STALE_OBJECT_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

export function invalid(q: Qualified & { kind: string }, causes: StatusCause[]): StatusError {
  const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message)).join(', ');
  const msg = `${q.kind}.${q.group ?? ''} "${q.name ?? ''}" is invalid: ${list}`.replace('. "', ' "');
  return new StatusError(422, StatusReason.Invalid, msg, {
    ...(q.name !== undefined ? { name: q.name } : {}),
    ...(q.group !== undefined ? { group: q.group } : {}),
    kind: q.kind,
    causes,
  });
}

export function badRequest(message: string, causes?: StatusCause[]): StatusError {
  return new StatusError(400, StatusReason.BadRequest, message, causes ? { causes } : undefined);
}

export function gone(message: string): StatusError {
  return new StatusError(410, StatusReason.Expired, message);
}

export function forbidden(message: string): StatusError {
  return new StatusError(403, StatusReason.Forbidden, message);
}

export function unauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError(401, StatusReason.Unauthorized, message);
}

export function internalError(message: string, cause?: unknown): StatusError {
  return new StatusError(500, StatusReason.InternalError, message, undefined, { cause });
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}
