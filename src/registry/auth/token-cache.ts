/**
 * Bearer tokens cached per (realm, service, scope, credential) until shortly before they expire.
 * The credential part of the key is a hash: the cache never holds passwords.
 */
import { createHash } from 'node:crypto';
import type { Credential } from './credentials.js';

const DEFAULT_TOKEN_TTL_SECONDS = 60;
const MARGIN_SECONDS = 10;

export interface TokenKey {
  realm: string;
  service: string;
  scopes: string[];
  credential: Credential | undefined;
}

export function tokenCacheKey(k: TokenKey): string {
  const who = k.credential
    ? createHash('sha256').update(`${k.credential.username}\0${k.credential.password}`).digest('hex')
    : 'anonymous';
  return [k.realm, k.service, [...k.scopes].sort().join(' '), who].join('|');
}

/** How long to use a token the registry said lives `expiresIn` seconds. */
export function tokenLifetimeMs(expiresIn: number | undefined): number {
  const seconds = expiresIn ?? DEFAULT_TOKEN_TTL_SECONDS;
  const usable = seconds > 2 * MARGIN_SECONDS ? seconds - MARGIN_SECONDS : seconds / 2;
  return usable * 1000;
}

export class TokenCache {
  readonly #entries = new Map<string, { token: string; expiresAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  get(key: string): string | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (this.#now() >= e.expiresAt) {
      this.#entries.delete(key);
      return undefined;
    }
    return e.token;
  }

  set(key: string, token: string, expiresIn: number | undefined): void {
    this.#entries.set(key, { token, expiresAt: this.#now() + tokenLifetimeMs(expiresIn) });
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
