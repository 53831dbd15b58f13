/**
 * The two ways the tools we imitate print a duration: Docker go-units `HumanDuration` ("Less than a
 * second", "About a minute", "3 days"), the wording of OpenShift's printers (`oc get is`, UPDATED)
 * and of `oc describe`; and apimachinery's short form ("3m12s", "7d5h"), kubectl's AGE column, used
 * by the server's Table and the CLI alike. Truncates toward zero like
 * Go's integer conversions, so the same input prints the same text. Pure.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  return humanHours(ms);
}

function humanHours(ms: number): string {
  const hours = Math.trunc(ms / HOUR + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.trunc(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.trunc(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24 / 30)} months`;
  return `${Math.trunc(Math.trunc(ms / HOUR) / 24 / 365)} years`;
}

/** OpenShift's `formatRelativeTime(t) + " ago"`; '' when there is no (parseable) time. */
export function relativeAgo(timestamp: string | undefined, now: Date): string {
  if (!timestamp) return '';
  const t = Date.parse(timestamp);
  return Number.isNaN(t) ? '' : `${humanDuration(now.getTime() - t)} ago`;
}

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

/** kubectl's AGE cell: "<unknown>" without a timestamp. */
export function age(timestamp: string | undefined, now: Date): string {
  const ms = elapsedSince(timestamp, now);
  return ms === undefined ? '<unknown>' : shortHumanDuration(ms);
}
