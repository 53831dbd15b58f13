/**
 * `isctl serve --aggregated`: authentication and authorization delegated to the cluster whose
 * kube-apiserver fronts this server (an APIService), wired from the flags and the cluster's
 * `extension-apiserver-authentication` ConfigMap. Users in `system:masters` are always allowed,
 * as k8s.io/apiserver's DelegatingAuthorizationOptions default says.
 */
import type { RequestInfo } from '../../http/request-info.js';
import type { UserInfo } from '../../resources/resource-def.js';
import type { Logger } from '../../../observability/logger.js';
import { loadKubeConfig } from '../../../triggers/targets/kubernetes/client.js';
import type { Authorizer, Decision } from '../user-authorizer.js';
import { accessReviewAuthorizer, type NonResourceRequest } from './access-review-authorizer.js';
import type { DelegatedAuthOptions } from './authentication-config.js';
import { followClientCas } from './client-ca-source.js';
import { delegatedAuthenticator, type DelegatedAuthenticator } from './delegated-authenticator.js';
import { kubeReviews, type KubeReviews } from './kube-reviews.js';
import { tokenReviewAuthenticator } from './token-authenticator.js';

const ALWAYS_ALLOWED_GROUPS = ['system:masters'];

export interface DelegatedAuth {
  authenticator: DelegatedAuthenticator;
  authorizer: Authorizer;
  authorizeNonResource(user: UserInfo, request: NonResourceRequest): Promise<Decision>;
  /** called when the client CAs change (TLS must ask with the new ones) */
  onClientCasChange(listener: () => void): void;
  /** stops following the client CAs */
  stop(): void;
}

const ALLOWED: Decision = { allowed: true };

/** Checks the flags without touching the cluster; the error names the flag. */
export function checkAggregatedOptions(
  o: DelegatedAuthOptions & { tokenAuthFile?: string; tlsCertFile?: string },
): void {
  if (!o.aggregated) return;
  if (!o.kubeconfig && !o.inCluster)
    throw new Error('--aggregated needs --in-cluster or --kubeconfig: the cluster reviews tokens and access');
  if (!o.tlsCertFile)
    throw new Error(
      '--aggregated needs --tls-cert-file and --tls-private-key-file: kube-apiserver proxies over HTTPS',
    );
  if (o.tokenAuthFile)
    throw new Error(
      '--aggregated and --token-auth-file exclude each other: behind kube-apiserver the cluster decides who is who',
    );
}

export async function delegatedAuth(
  o: DelegatedAuthOptions,
  log: Logger,
  reviews: KubeReviews = kubeReviews(
    loadKubeConfig({
      ...(o.kubeconfig ? { kubeconfigPath: o.kubeconfig } : {}),
      ...(o.inCluster ? { inCluster: true } : {}),
    }),
  ),
): Promise<DelegatedAuth> {
  const sar = accessReviewAuthorizer(reviews, {
    ...(o.authorizationWebhookCacheAuthorizedTtlMs !== undefined
      ? { allowedTtlMs: o.authorizationWebhookCacheAuthorizedTtlMs }
      : {}),
    ...(o.authorizationWebhookCacheUnauthorizedTtlMs !== undefined
      ? { deniedTtlMs: o.authorizationWebhookCacheUnauthorizedTtlMs }
      : {}),
    onError: (err) => log.warn({ err }, 'SubjectAccessReview failed'),
  });
  const masters = (user: UserInfo) => user.groups.some((g) => ALWAYS_ALLOWED_GROUPS.includes(g));
  const authorizer: Authorizer = {
    authorize: (user: UserInfo, info: RequestInfo) =>
      masters(user) ? Promise.resolve(ALLOWED) : sar.authorize(user, info),
  };
  const cas = await followClientCas(o, () => reviews.authenticationConfigMap(), {
    log,
    ...(o.clientCaResyncMs !== undefined ? { resyncMs: o.clientCaResyncMs } : {}),
  });
  if (!cas.current().requestHeader)
    log.warn(
      {},
      'no request-header CA (flags or the extension-apiserver-authentication ConfigMap): requests proxied by kube-apiserver cannot be authenticated',
    );
  const tokens = tokenReviewAuthenticator(reviews, {
    ...(o.authenticationTokenWebhookCacheTtlMs !== undefined
      ? { ttlMs: o.authenticationTokenWebhookCacheTtlMs }
      : {}),
  });
  return {
    authenticator: delegatedAuthenticator({ certs: () => cas.current(), tokens, authorizer, log }),
    authorizer,
    authorizeNonResource: (user, request) =>
      masters(user) ? Promise.resolve(ALLOWED) : sar.authorizeNonResource(user, request),
    onClientCasChange: (listener) => cas.onChange(listener),
    stop: () => cas.stop(),
  };
}
