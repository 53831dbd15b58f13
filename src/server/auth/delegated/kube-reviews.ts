/**
 * The three calls a delegating server makes to its cluster, through @kubernetes/client-node:
 * TokenReview (who holds this bearer token), SubjectAccessReview (may this user do that) and the
 * `kube-system/extension-apiserver-authentication` ConfigMap (how kube-apiserver's front proxy
 * identifies itself and its users).
 */
import {
  AuthenticationV1Api,
  AuthorizationV1Api,
  CoreV1Api,
  type KubeConfig,
  type V1SubjectAccessReviewSpec,
} from '@kubernetes/client-node';
import { apiErrorMessage, apiStatusCode } from '../../../triggers/targets/kubernetes/client.js';
import type { UserInfo } from '../../resources/resource-def.js';

export const AUTHENTICATION_CONFIGMAP = {
  namespace: 'kube-system',
  name: 'extension-apiserver-authentication',
};

export interface TokenReviewAnswer {
  authenticated: boolean;
  user?: UserInfo;
  error?: string;
}

export interface AccessReviewAnswer {
  allowed: boolean;
  denied?: boolean;
  reason?: string;
}

export type AccessReviewSpec = V1SubjectAccessReviewSpec;

export interface KubeReviews {
  tokenReview(token: string, audiences?: string[]): Promise<TokenReviewAnswer>;
  subjectAccessReview(spec: AccessReviewSpec): Promise<AccessReviewAnswer>;
  /** undefined when the ConfigMap does not exist */
  authenticationConfigMap(): Promise<Record<string, string> | undefined>;
}

function userOfReview(u: {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}): UserInfo {
  return {
    name: u.username ?? '',
    groups: u.groups ?? [],
    ...(u.uid ? { uid: u.uid } : {}),
    ...(u.extra && Object.keys(u.extra).length > 0 ? { extra: u.extra } : {}),
  };
}

/** The cluster's answer, or an error naming the call (never the token). */
async function call<T>(what: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new Error(`${what} failed: ${apiErrorMessage(e)}`, { cause: e });
  }
}

export function kubeReviews(kc: KubeConfig): KubeReviews {
  const authn = kc.makeApiClient(AuthenticationV1Api);
  const authz = kc.makeApiClient(AuthorizationV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  return {
    async tokenReview(token, audiences) {
      const review = await call('TokenReview', () =>
        authn.createTokenReview({
          body: {
            apiVersion: 'authentication.k8s.io/v1',
            kind: 'TokenReview',
            spec: { token, ...(audiences ? { audiences } : {}) },
          },
        }),
      );
      const s = review.status ?? {};
      return {
        authenticated: s.authenticated === true && !!s.user?.username,
        ...(s.user ? { user: userOfReview(s.user) } : {}),
        ...(s.error ? { error: s.error } : {}),
      };
    },
    async subjectAccessReview(spec) {
      const review = await call('SubjectAccessReview', () =>
        authz.createSubjectAccessReview({
          body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec },
        }),
      );
      const s = review.status;
      return {
        allowed: s?.allowed === true,
        ...(s?.denied ? { denied: true } : {}),
        ...(s?.reason ? { reason: s.reason } : {}),
      };
    },
    async authenticationConfigMap() {
      try {
        const cm = await core.readNamespacedConfigMap(AUTHENTICATION_CONFIGMAP);
        return cm.data ?? {};
      } catch (e) {
        if (apiStatusCode(e) === 404) return undefined;
        const where = `${AUTHENTICATION_CONFIGMAP.namespace}/${AUTHENTICATION_CONFIGMAP.name}`;
        throw new Error(`reading the ConfigMap ${where} failed: ${apiErrorMessage(e)}`, { cause: e });
      }
    },
  };
}
