/**
 * Turns etcd client failures into StatusErrors: the Store's callers only ever see StatusErrors.
 * A compacted revision is the client's problem (410, start again from a fresh list); an
 * unreachable or failing etcd is the operator's (503, retried by clients).
 */
import { StatusError, StatusReason, internalError, isStatusError } from '../../api/status-error.js';

/** etcd's ErrCompacted text ("etcdserver: mvcc: required revision has been compacted"). */
const COMPACTED = 'required revision has been compacted';
/** etcd's ErrFutureRev text ("etcdserver: mvcc: required revision is a future revision"). */
const FUTURE = 'required revision is a future revision';

export function isCompactedError(err: unknown): boolean {
  return err instanceof Error && err.message.includes(COMPACTED);
}

export function isFutureRevisionError(err: unknown): boolean {
  return err instanceof Error && err.message.includes(FUTURE);
}

/** Recoverable transport failures: no connection, deadline, stream reset. */
function isUnavailableError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const name = err.constructor.name;
  return (
    name === 'GRPCUnavailableError' ||
    name === 'GRPCDeadlineExceededError' ||
    name === 'GRPCCancelledError' ||
    name === 'GRPCInternalError' ||
    name === 'EtcdWatchStreamEnded' ||
    /UNAVAILABLE|DEADLINE_EXCEEDED|ECONNREFUSED|No connection established|leader changed|no leader/i.test(
      err.message,
    )
  );
}

export function etcdUnavailable(operation: string, cause: unknown): StatusError {
  return new StatusError(
    503,
    StatusReason.ServiceUnavailable,
    `etcd is unavailable (${operation}); the request can be retried`,
    { retryAfterSeconds: 1 },
    { cause },
  );
}

/** Any failure of an etcd call as a StatusError; StatusErrors pass through. */
export function toStatusError(operation: string, err: unknown): StatusError {
  if (isStatusError(err)) return err;
  if (isUnavailableError(err)) return etcdUnavailable(operation, err);
  return internalError(`etcd ${operation} failed: ${err instanceof Error ? err.message : String(err)}`, err);
}
