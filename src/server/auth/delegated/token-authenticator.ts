/**
 * Bearer tokens checked by the cluster (TokenReview), as a delegating kube API server does. Both
 * answers are kept for `ttlMs` (kube's `--authentication-token-webhook-cache-ttl`, 10 s by
 * default) under the token's SHA-256, so the cache never holds a token. A review that fails (the
 * cluster unreachable) is not kept: the next request asks again.
 */
import { createHash } from 'node:crypto';
import type { UserInfo } from '../../resources/resource-def.js';
import { ExpiringCache } from './expiring-cache.js';
import type { KubeReviews } from './kube-reviews.js';

const DEFAULT_TOKEN_CACHE_TTL_MS = 10_000;
const MAX_CACHED_TOKENS = 10_000;

export interface TokenAuthenticator {
  /** the token's user, or undefined when the cluster says it authenticates no one */
  authenticate(token: string): Promise<UserInfo | undefined>;
}

export function tokenReviewAuthenticator(
  reviews: Pick<KubeReviews, 'tokenReview'>,
  options: { ttlMs?: number; now?: () => number } = {},
): TokenAuthenticator {
  const ttl = options.ttlMs ?? DEFAULT_TOKEN_CACHE_TTL_MS;
  const cache = new ExpiringCache<{ user?: UserInfo }>(MAX_CACHED_TOKENS, options.now);
  return {
    async authenticate(token) {
      const key = createHash('sha256').update(token).digest('hex');
      const hit = cache.get(key);
      if (hit) return hit.user;
      const answer = await reviews.tokenReview(token);
      const user = answer.authenticated ? answer.user : undefined;
      cache.set(key, user ? { user } : {}, ttl);
      return user;
    },
  };
}
