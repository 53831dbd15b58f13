/**
 * The `isctl serve` settings of channel delivery: how long the same news is held back
 * (`--notify-dedupe-window`, a Go duration; 0 turns de-duplication off) and how fast a channel
 * may send (`--notify-rate-limit COUNT/DURATION`: a burst of COUNT, then COUNT per DURATION;
 * `0` or `none` turns the limit off). Errors name the flag.
 */
import { parseDurationSetting } from '../../api/duration.js';
import type { RateLimit } from './rate-limit.js';

const DEDUPE_WINDOW_FLAG = '--notify-dedupe-window';
const RATE_LIMIT_FLAG = '--notify-rate-limit';

/** no limit: every message goes at once */
const NO_RATE_LIMIT: RateLimit = { burst: 1, intervalMs: 0 };

export function parseDedupeWindow(text: string): number {
  return parseDurationSetting(text, DEDUPE_WINDOW_FLAG);
}

export function parseRateLimit(text: string): RateLimit {
  const input = text.trim();
  if (input === '0' || input.toLowerCase() === 'none') return NO_RATE_LIMIT;
  const match = /^(\d+)\s*\/\s*(\S+)$/.exec(input);
  if (!match) throw new Error(`${RATE_LIMIT_FLAG}: "${text}" is not COUNT/DURATION (e.g. 10/1m), 0 or none`);
  const count = Number(match[1]);
  if (!Number.isSafeInteger(count) || count < 1)
    throw new Error(`${RATE_LIMIT_FLAG}: the count of "${text}" must be 1 or more`);
  const perMs = parseDurationSetting(match[2] ?? '', RATE_LIMIT_FLAG);
  if (perMs <= 0) throw new Error(`${RATE_LIMIT_FLAG}: the duration of "${text}" must be more than 0`);
  return { burst: count, intervalMs: perMs / count };
}
