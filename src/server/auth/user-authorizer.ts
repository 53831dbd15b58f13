/**
 * Which authorizer decides for a user. The standalone server decides from the user's grants
 * (authorizer.ts, pure); behind kube-apiserver (`--aggregated`) the cluster decides, through a
 * SubjectAccessReview. The identity travels through many layers (resource handlers, strategies,
 * tag-source checks), so the authorizer travels with it, as kube's request context carries both:
 * the authenticator that made the user binds the authorizer to it. Unbound users get the grants.
 */
import type { RequestInfo } from '../http/request-info.js';
import type { UserInfo } from '../resources/resource-def.js';

export interface Decision {
  allowed: boolean;
  /** why, as the authorizer words it (appended to a 403's message) */
  reason?: string;
}

export interface Authorizer {
  authorize(user: UserInfo, info: RequestInfo): Promise<Decision>;
}

const bound = new WeakMap<UserInfo, Authorizer>();

export function bindAuthorizer<U extends UserInfo>(user: U, authorizer: Authorizer): U {
  bound.set(user, authorizer);
  return user;
}

export function authorizerOf(user: UserInfo): Authorizer | undefined {
  return bound.get(user);
}
