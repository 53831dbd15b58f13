/**
 * The two ways the tools we imitate print an age. `oc describe` and oc's table columns use Docker's
 * go-units wording ("5 minutes ago"); kubectl's AGE column uses apimachinery's short form ("3m12s").
 * Both truncate toward zero like Go's integer conversions, so the same input prints the same text.
 */

import { humanDuration } from '../../api/human-duration.js';

export { humanDuration };

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** kubectl's AGE (`k8s.io/apimachinery/pkg/util/duration.HumanDuration`): "5s", "3m12s", "2h", "4d". */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) return withRemainder(minutes, 'm', seconds % 60, 's');
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) return withRemainder(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return withRemainder(Math.trunc(hours / 24), 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  const years = Math.trunc(hours / 24 / 365);
  if (hours < 24 * 365 * 8) return withRemainder(years, 'y', Math.trunc(hours / 24) % 365, 'd');
  return `${years}y`;
}

function withRemainder(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}

/** Milliseconds from an RFC 3339 timestamp to `now`; undefined when absent or unparseable. */
export function elapsedSince(timestamp: string | undefined, now: Date): number | undefined {
  if (!timestamp) return undefined;
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? undefined : now.getTime() - t;
}

/** "5 minutes ago", or '' when there is no timestamp (oc leaves the cell empty). */
export function ago(timestamp: string | undefined, now: Date): string {
  const ms = elapsedSince(timestamp, now);
  return ms === undefined ? '' : `${humanDuration(ms)} ago`;
}

/** "5m ago": the UPDATED cell of `get` tables, in kubectl's short units as our server's Table prints it. */
export function shortAgo(timestamp: string | undefined, now: Date): string {
  const ms = elapsedSince(timestamp, now);
  return ms === undefined ? '' : `${shortHumanDuration(ms)} ago`;
}

/** kubectl's AGE cell: "<unknown>" without a timestamp. */
export function age(timestamp: string | undefined, now: Date): string {
  const ms = elapsedSince(timestamp, now);
  return ms === undefined ? '<unknown>' : shortHumanDuration(ms);
}
