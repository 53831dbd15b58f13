/**
 * How a registry failure shows up in an import: a Kubernetes `Status`, worded as OpenShift's
 * importer words it, so `oc`-trained users and tools that match on reasons keep working. The
 * message is what ends up in the tag's ImportSuccess condition, so it must never carry
 * credentials: anything that looks like one is cut out before it leaves this module.
 */
import { StatusError, StatusReason, statusObject, type Status } from '../api/status-error.js';
import { RegistryErrorKind } from '../registry/errors.js';

/** The fields of the registry client's RegistryError this module reads (duck-typed on `kind`). */
export interface RegistryErrorLike {
  kind: string;
  message: string;
  retryAfterSeconds?: number;
}

export function isRegistryErrorLike(e: unknown): e is RegistryErrorLike {
  return (
    e instanceof Error &&
    'kind' in e &&
    typeof e.kind === 'string' &&
    (Object.values(RegistryErrorKind) as string[]).includes(e.kind)
  );
}

/** What the failure was about, for the messages. */
export interface ImportTarget {
  /** the exact reference, `registry/repo:tag` or `registry/repo@digest` */
  ref: string;
  /** `registry/repo` */
  repository: string;
  /** the registry host[:port] */
  registry: string;
}

/** Cuts user-info out of URLs and tokens/basic credentials out of header-like text. */
export function redactSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi, '$1')
    .replace(/\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 [redacted]')
    .replace(/((?:access_)?token|password|secret)(["']?\s*[=:]\s*["']?)[^\s"'&,]+/gi, '$1$2[redacted]');
}

function status(code: number, reason: string, message: string, details?: Status['details']): Status {
  return statusObject(code, reason, redactSecrets(message), details);
}

export function successStatus(): Status {
  return statusObject(200, '', '');
}

function notFoundStatus(ref: string): Status {
  return status(404, StatusReason.NotFound, `dockerimage.image.openshift.io "${ref}" not found`, {
    name: ref,
    group: 'image.openshift.io',
    kind: 'dockerimage',
  });
}

type Mapper = (t: ImportTarget, e: RegistryErrorLike) => Status;

const MAPPERS: Record<RegistryErrorKind, Mapper> = {
  NotFound: (t) => notFoundStatus(t.ref),
  Unauthorized: (t) =>
    status(401, StatusReason.Unauthorized, `you may not have access to the container image "${t.ref}"`),
  Forbidden: (t) =>
    status(403, StatusReason.Forbidden, `the registry denied access to the container image "${t.ref}"`),
  NotV2Registry: (t) =>
    status(403, 'NotV2Registry', `registry "${t.registry}" does not support the v2 Registry API`),
  InsecureRequired: (t) =>
    status(
      400,
      StatusReason.BadRequest,
      `the repository ${t.repository} is HTTP only and requires the insecure flag to import`,
    ),
  DigestMismatch: (t, e) =>
    status(
      500,
      StatusReason.InternalError,
      `${t.ref}: the registry sent content that does not match its digest: ${e.message}`,
    ),
  UnsupportedManifest: (t, e) =>
    status(500, StatusReason.InternalError, `${t.ref}: unsupported image manifest: ${e.message}`),
  RateLimited: (t, e) =>
    status(
      429,
      StatusReason.TooManyRequests,
      `${t.ref}: the registry is rate limiting requests (HTTP 429), try again later`,
      e.retryAfterSeconds !== undefined ? { retryAfterSeconds: e.retryAfterSeconds } : undefined,
    ),
  Unavailable: (t, e) =>
    status(
      503,
      StatusReason.ServiceUnavailable,
      `${t.ref}: the registry ${t.registry} is unavailable: ${e.message}`,
    ),
  Timeout: (t) =>
    status(504, StatusReason.Timeout, `${t.ref}: the registry ${t.registry} did not answer in time`),
  Blocked: (t, e) => status(403, StatusReason.Forbidden, `${t.ref}: ${e.message}`),
  BadResponse: (t, e) =>
    status(500, StatusReason.InternalError, `${t.ref}: the registry sent an invalid response: ${e.message}`),
};

/**
 * The Status for a failed import of one image. StatusErrors (e.g. the allow-list's Forbidden)
 * pass through; unknown errors are ours and become InternalError without their details.
 */
export function importFailureStatus(err: unknown, target: ImportTarget): Status {
  if (err instanceof StatusError) {
    const s = err.toStatus();
    return { ...s, message: redactSecrets(s.message) };
  }
  if (isRegistryErrorLike(err)) return MAPPERS[err.kind as RegistryErrorKind](target, err);
  return status(500, StatusReason.InternalError, `${target.ref}: internal error while importing the image`);
}
