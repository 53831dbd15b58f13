/**
 * What an aggregated API server asks kube-apiserver: TokenReview (authentication.k8s.io/v1),
 * SubjectAccessReview (authorization.k8s.io/v1) and the kube-system/extension-apiserver-authentication
 * ConfigMap. Tokens and the access policy are set by the test; every review is recorded, so a
 * test can count what a cache saved. Reviews are checked as kube-apiserver checks them (400 on a
 * review without a token, or without exactly one of resourceAttributes / nonResourceAttributes).
 */
import { StatusError, StatusReason, badRequest } from '../../../src/api/status-error.js';

export interface ReviewedUser {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AccessReviewSpec {
  user?: string;
  groups?: string[];
  uid?: string;
  extra?: Record<string, string[]>;
  resourceAttributes?: Record<string, string>;
  nonResourceAttributes?: { path?: string; verb?: string };
}

export interface DelegationState {
  /** bearer token -> user, as the cluster's authenticators know them */
  tokens: Map<string, ReviewedUser>;
  /** the access policy: allowed, or denied with a reason; default: nothing allowed */
  policy: (spec: AccessReviewSpec) => { allowed: boolean; reason?: string };
  /** data of the ConfigMap; undefined: it does not exist (404) */
  authenticationConfigMap: Record<string, string> | undefined;
  tokenReviews: Array<{ token: string; authenticated: boolean }>;
  accessReviews: Array<{ spec: AccessReviewSpec; allowed: boolean }>;
}

export function newDelegationState(): DelegationState {
  return {
    tokens: new Map(),
    policy: () => ({ allowed: false, reason: 'no RBAC policy matched' }),
    authenticationConfigMap: undefined,
    tokenReviews: [],
    accessReviews: [],
  };
}

const TOKEN_REVIEWS = '/apis/authentication.k8s.io/v1/tokenreviews';
const ACCESS_REVIEWS = '/apis/authorization.k8s.io/v1/subjectaccessreviews';
const CONFIGMAP = '/api/v1/namespaces/kube-system/configmaps/extension-apiserver-authentication';

type Reply = { status: number; body: unknown };

function spec(body: unknown, kind: string): Record<string, unknown> {
  const b = body as { kind?: unknown; spec?: unknown } | undefined;
  if (b?.kind !== kind) throw badRequest(`expected a ${kind}, got kind ${JSON.stringify(b?.kind)}`);
  if (typeof b.spec !== 'object' || b.spec === null) throw badRequest(`${kind}.spec: Required value`);
  return b.spec as Record<string, unknown>;
}

function tokenReview(s: DelegationState, body: unknown): Reply {
  const token = spec(body, 'TokenReview').token;
  if (typeof token !== 'string' || token === '') throw badRequest('spec.token: Required value');
  const user = s.tokens.get(token);
  s.tokenReviews.push({ token, authenticated: !!user });
  const status = user
    ? { authenticated: true, user: { ...user, groups: [...(user.groups ?? []), 'system:authenticated'] } }
    : { authenticated: false, error: 'invalid bearer token' };
  return {
    status: 201,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token }, status },
  };
}

function accessReview(s: DelegationState, body: unknown): Reply {
  const sp = spec(body, 'SubjectAccessReview') as AccessReviewSpec;
  if (!!sp.resourceAttributes === !!sp.nonResourceAttributes)
    throw badRequest(
      'spec: Invalid value: exactly one of resourceAttributes or nonResourceAttributes must be set',
    );
  if (!sp.user && !(sp.groups && sp.groups.length > 0))
    throw badRequest('spec.user: Invalid value: at least one of user or group must be specified');
  const decision = s.policy(sp);
  s.accessReviews.push({ spec: sp, allowed: decision.allowed });
  return {
    status: 201,
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: sp,
      status: { allowed: decision.allowed, ...(decision.reason ? { reason: decision.reason } : {}) },
    },
  };
}

function configMap(s: DelegationState): Reply {
  if (!s.authenticationConfigMap)
    throw new StatusError(
      404,
      StatusReason.NotFound,
      'configmaps "extension-apiserver-authentication" not found',
    );
  return {
    status: 200,
    body: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'extension-apiserver-authentication', namespace: 'kube-system' },
      data: s.authenticationConfigMap,
    },
  };
}

/** The answer when the request is one of these, else undefined. */
export function delegationRoute(
  s: DelegationState,
  method: string,
  path: string,
  body: unknown,
): Reply | undefined {
  if (path === TOKEN_REVIEWS && method === 'POST') return tokenReview(s, body);
  if (path === ACCESS_REVIEWS && method === 'POST') return accessReview(s, body);
  if (path === CONFIGMAP && method === 'GET') return configMap(s);
  return undefined;
}
