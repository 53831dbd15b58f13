/**
 * resourceVersion handling shared by the backends: one store-wide, strictly increasing integer,
 * carried as a decimal string on the wire and as a number inside the store (etcd revisions and
 * the SQLite counter both stay far below 2^53).
 */
import { badRequest, gone, type StatusError } from '../api/status-error.js';

/** Parses a client-supplied resourceVersion. Throws 400 BadRequest on anything but a non-negative integer. */
export function parseResourceVersion(value: string, what = 'resource version'): number {
  if (!/^\d{1,15}$/.test(value))
    throw badRequest(`invalid ${what} "${value}": must be a non-negative integer`);
  return Number(value);
}

/** True for the watch/list starting points that mean "the current state" rather than a version. */
export function isUnsetResourceVersion(value: string | undefined): boolean {
  return value === undefined || value === '' || value === '0';
}

/**
 * The 410 for a watch that starts before the retained history, worded as the Kubernetes watch
 * cache words it: `too old resource version: REQUESTED (OLDEST_AVAILABLE - 1)`.
 */
export function tooOldResourceVersion(requested: number, compacted: number): StatusError {
  return gone(`too old resource version: ${requested} (${compacted})`);
}

/** The 410 Kubernetes returns when a continue token's resourceVersion is no longer available. */
export function continueTooOld(): StatusError {
  return gone(
    'The provided continue parameter is too old to display a consistent list result. ' +
      'You can start a new list without the continue parameter.',
  );
}
