/**
 * Docker Hub's pull budget headers: `ratelimit-limit: 100;w=21600` and
 * `ratelimit-remaining: 76;w=21600`. Read on every response and kept per registry so a request
 * budget can slow down before the registry says 429.
 */
import type { RateLimitState } from './types.js';

export interface RateLimitValue {
  value: number;
  windowSeconds?: number;
}

/** `100;w=21600` -> { value: 100, windowSeconds: 21600 }; undefined when malformed. */
export function parseRateLimitValue(header: string | string[] | undefined): RateLimitValue | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (!text) return undefined;
  const [first, ...params] = text.split(';');
  const value = Number(first?.trim());
  if (first === undefined || first.trim() === '' || !Number.isInteger(value) || value < 0) {
    return undefined;
  }
  const result: RateLimitValue = { value };
  for (const p of params) {
    const m = /^\s*w\s*=\s*(\d+)\s*$/.exec(p);
    if (m) result.windowSeconds = Number(m[1]);
  }
  return result;
}

export function rateLimitFromHeaders(
  headers: Record<string, string | string[] | undefined>,
  now: Date,
): RateLimitState | undefined {
  const limit = parseRateLimitValue(headers['ratelimit-limit']);
  if (!limit) return undefined;
  const remaining = parseRateLimitValue(headers['ratelimit-remaining']);
  const state: RateLimitState = { limit: limit.value, observedAt: now };
  if (remaining) state.remaining = remaining.value;
  const window = limit.windowSeconds ?? remaining?.windowSeconds;
  if (window !== undefined) state.windowSeconds = window;
  return state;
}

export type RateLimitListener = (registry: string, state: RateLimitState) => void;

/** The last budget each registry reported. */
export class RateLimitObserver {
  readonly #last = new Map<string, RateLimitState>();
  readonly #listener: RateLimitListener | undefined;

  constructor(listener?: RateLimitListener) {
    this.#listener = listener;
  }

  record(registry: string, state: RateLimitState): void {
    this.#last.set(registry, state);
    this.#listener?.(registry, state);
  }

  get(registry: string): RateLimitState | undefined {
    return this.#last.get(registry);
  }

  all(): ReadonlyMap<string, RateLimitState> {
    return this.#last;
  }
}
