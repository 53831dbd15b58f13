/**
 * Authorization by the cluster (SubjectAccessReview), as a delegating kube API server does: the
 * user, groups, extra and uid with the request's resource attributes (verb, group, version,
 * resource, subresource, namespace, name). Answers are kept briefly (kube's defaults: 10 s allowed,
 * 10 s denied) under the review's own JSON; a failed review is not kept and denies (fails closed).
 */
import type { RequestInfo } from '../../http/request-info.js';
import type { UserInfo } from '../../resources/resource-def.js';
import type { Authorizer, Decision } from '../user-authorizer.js';
import { ExpiringCache } from './expiring-cache.js';
import type { AccessReviewSpec, KubeReviews } from './kube-reviews.js';

const DEFAULT_ALLOWED_TTL_MS = 10_000;
const DEFAULT_DENIED_TTL_MS = 10_000;
const MAX_CACHED_DECISIONS = 10_000;

/** A path outside the resource API (discovery, OpenAPI, metrics) and the HTTP verb in lower case. */
export interface NonResourceRequest {
  path: string;
  verb: string;
}

export interface AccessReviewAuthorizer extends Authorizer {
  authorizeNonResource(user: UserInfo, request: NonResourceRequest): Promise<Decision>;
}

export interface AccessReviewOptions {
  allowedTtlMs?: number;
  deniedTtlMs?: number;
  now?: () => number;
  onError?: (err: unknown) => void;
}

function subject(user: UserInfo): AccessReviewSpec {
  return {
    user: user.name,
    groups: user.groups,
    ...(user.uid ? { uid: user.uid } : {}),
    ...(user.extra ? { extra: user.extra } : {}),
  };
}

function resourceReview(user: UserInfo, info: RequestInfo): AccessReviewSpec {
  return {
    ...subject(user),
    resourceAttributes: {
      verb: info.verb,
      group: info.group,
      version: info.version,
      resource: info.resource,
      ...(info.subresource ? { subresource: info.subresource } : {}),
      ...(info.namespace !== undefined ? { namespace: info.namespace } : {}),
      ...(info.name !== undefined ? { name: info.name } : {}),
    },
  };
}

export function accessReviewAuthorizer(
  reviews: Pick<KubeReviews, 'subjectAccessReview'>,
  options: AccessReviewOptions = {},
): AccessReviewAuthorizer {
  const cache = new ExpiringCache<Decision>(MAX_CACHED_DECISIONS, options.now);
  const review = async (spec: AccessReviewSpec): Promise<Decision> => {
    const key = JSON.stringify(spec);
    const hit = cache.get(key);
    if (hit) return hit;
    let decision: Decision;
    try {
      const answer = await reviews.subjectAccessReview(spec);
      decision = { allowed: answer.allowed, ...(answer.reason ? { reason: answer.reason } : {}) };
    } catch (e) {
      options.onError?.(e);
      return { allowed: false, reason: 'the SubjectAccessReview failed' };
    }
    const ttl = decision.allowed
      ? (options.allowedTtlMs ?? DEFAULT_ALLOWED_TTL_MS)
      : (options.deniedTtlMs ?? DEFAULT_DENIED_TTL_MS);
    cache.set(key, decision, ttl);
    return decision;
  };
  return {
    authorize: (user, info) => review(resourceReview(user, info)),
    authorizeNonResource: (user, request) =>
      review({ ...subject(user), nonResourceAttributes: { path: request.path, verb: request.verb } }),
  };
}
