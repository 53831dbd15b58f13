/**
 * Durations as Go's time.ParseDuration reads them — `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with the
 * units ns, us (µs, μs), ms, s, m, h, `0` without a unit, at most 2^63-1 ns — plus one extension
 * every flag already accepted: a bare unsigned number is seconds (`90` is `90s`). The one parser
 * of every flag, setting and query parameter that takes a duration. Pure; imports nothing, so the
 * CLI's flag tables may use it.
 */

const UNIT_NS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const MAX_NS = (1n << 63n) - 1n;
/** one component: digits, an optional fraction, and the unit (everything up to the next digit or dot) */
const COMPONENT = /(\d*)(?:\.(\d*))?([^\d.]*)/y;
const HINT = 'use e.g. 30s, 1m30s, 500ms';

function invalid(text: string, why?: string): Error {
  return new Error(`"${text}" is not a duration${why ? `: ${why}` : ''} (${HINT})`);
}

function componentNs(int: string, frac: string, unit: string, text: string): bigint {
  if (int === '' && frac === '') throw invalid(text);
  if (unit === '') throw invalid(text, 'missing unit');
  const scale = UNIT_NS[unit];
  if (scale === undefined) throw invalid(text, `unknown unit "${unit}"`);
  return BigInt(int === '' ? '0' : int) * scale + fractionNs(frac, scale);
}

/** As Go's leadingFraction: digits past int64's reach are dropped, the product is a float64, truncated. */
function fractionNs(frac: string, scale: bigint): bigint {
  let digits = 0n;
  let divisor = 1;
  for (const c of frac) {
    if (digits > MAX_NS / 10n) break;
    digits = digits * 10n + BigInt(c);
    divisor *= 10;
  }
  return BigInt(Math.trunc(Number(digits) * (Number(scale) / divisor)));
}

function unsignedNs(body: string, text: string, limit: bigint): bigint {
  if (body === '') throw invalid(text);
  let total = 0n;
  for (let at = 0; at < body.length;) {
    COMPONENT.lastIndex = at;
    const m = COMPONENT.exec(body) as RegExpExecArray;
    total += componentNs(m[1] ?? '', m[2] ?? '', m[3] ?? '', text);
    if (total > limit) throw invalid(text, 'out of range');
    at = COMPONENT.lastIndex;
  }
  return total;
}

/** Nanoseconds, exactly as Go's time.ParseDuration (no bare-seconds extension); throws naming the text. */
export function parseGoDurationNs(text: string): bigint {
  const sign = text[0] === '-' || text[0] === '+' ? text[0] : '';
  const body = text.slice(sign.length);
  if (body === '0') return 0n;
  const ns = unsignedNs(body, text, sign === '-' ? MAX_NS + 1n : MAX_NS);
  return sign === '-' ? -ns : ns;
}

/**
 * Milliseconds (rounded to the nearest) of a Go duration, or of a bare number of seconds;
 * surrounding blanks are ignored. May be negative (`-1m30s`), as in Go.
 */
export function parseDuration(text: string): number {
  const input = text.trim();
  if (/^\d+(\.\d+)?$/.test(input)) return Math.round(Number(input) * 1000);
  const ns = parseGoDurationNs(input);
  return Math.round(Number(ns) / 1e6);
}

/**
 * A duration setting (a flag, an annotation): milliseconds, never negative. `name` (e.g.
 * `--rollout-health-timeout`) starts the error message when given.
 */
export function parseDurationSetting(text: string, name?: string): number {
  const prefix = name === undefined ? '' : `${name}: `;
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (e) {
    throw new Error(`${prefix}${(e as Error).message}`);
  }
  if (ms < 0) throw new Error(`${prefix}"${text}" is negative; a duration here is 0 or more`);
  return ms;
}
