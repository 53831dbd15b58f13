/**
 * The deadline of a non-watch request, as kube-apiserver's timeout filter sets it: the server's
 * `--request-timeout` (default 60 s), shortened by the request's own `?timeout=` (a Go duration).
 * A request past it is answered 504 with reason Timeout; the handler's work is not undone (a write
 * that commits afterwards stays committed, as in Kubernetes), its late result is dropped.
 */
import { StatusError, StatusReason, badRequest } from '../../api/status-error.js';
import { parseDuration } from '../../api/duration.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

function timeoutError(timeoutMs: number): StatusError {
  return new StatusError(
    504,
    StatusReason.Timeout,
    `Timeout: request did not complete within the allotted timeout of ${timeoutMs / 1000}s`,
    { retryAfterSeconds: 0 },
  );
}

/** The request's deadline in ms: the server's, or the shorter `?timeout=` the client asked for. */
export function requestTimeoutMs(serverMs: number, queryTimeout: string | undefined): number {
  if (queryTimeout === undefined || queryTimeout === '') return serverMs;
  let asked: number;
  try {
    asked = parseDuration(queryTimeout);
  } catch {
    throw badRequest(`invalid query parameter timeout: "${queryTimeout}" is not a duration`, [
      { reason: 'FieldValueInvalid', message: 'not a duration (e.g. 30s)', field: 'timeout' },
    ]);
  }
  return asked > 0 && asked < serverMs ? asked : serverMs;
}

/** The work's result, or a 504 Status once `timeoutMs` passes first (0: no deadline). */
export async function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  if (timeoutMs <= 0) return work;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs);
  });
  // a late failure of abandoned work must not become an unhandled rejection
  work.catch(() => undefined);
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
