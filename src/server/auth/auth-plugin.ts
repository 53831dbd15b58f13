/**
 * Authentication for every request except the public health and version endpoints; the user is
 * kept for the resource handlers, which authorize per verb and resource.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden } from '../../api/status-error.js';
import { parseRequestInfo } from '../http/request-info.js';
import type { UserInfo } from '../resources/resource-def.js';
import { ANONYMOUS, authenticate, type AuthenticatorConfig } from './authenticator.js';
import type { AdmissionCallers } from './admission-callers.js';
import type { DelegatedAuth } from './delegated/delegated-auth.js';

// /notifications: registry webhooks authenticate with their own secrets (src/notifications)
// /console: the web console's static files (no data: the app calls the API with the user's token)
const PUBLIC_PATHS = ['/healthz', '/livez', '/readyz', '/version', '/notifications', '/console'];
// build webhooks: the secret in the URL is the credential, as OpenShift (src/builds/webhooks)
const BUILD_WEBHOOK =
  /^\/apis\/build\.openshift\.io\/v1\/namespaces\/[^/]+\/buildconfigs\/[^/]+\/webhooks\/[^/]+\/[^/]+$/;
// behind kube-apiserver, paths outside the resource API are authorized by path (nonResourceAttributes),
// except these (kube's always-allowed paths, and routes that authorize each request themselves)
const SELF_AUTHORIZED_PATHS = ['/openapi', '/admission'];
const users = new WeakMap<FastifyRequest, UserInfo>();

function isPublic(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (request.method === 'POST' && BUILD_WEBHOOK.test(path)) return true;
  return PUBLIC_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
}

/** The authenticated user of a request (anonymous on public endpoints). */
export function userOf(request: FastifyRequest): UserInfo {
  return users.get(request) ?? ANONYMOUS;
}

function underAny(path: string, prefixes: string[]): boolean {
  return prefixes.some((p) => path === p || path.startsWith(`${p}/`));
}

/** 403 for a path, in kube's words. */
async function authorizePath(
  delegated: DelegatedAuth,
  user: UserInfo,
  request: FastifyRequest,
): Promise<void> {
  const path = request.url.split('?')[0] ?? '';
  if (underAny(path, SELF_AUTHORIZED_PATHS) || parseRequestInfo(request.method, path, {})) return;
  const verb = request.method === 'HEAD' ? 'get' : request.method.toLowerCase();
  const d = await delegated.authorizeNonResource(user, { path, verb });
  if (!d.allowed)
    throw forbidden(
      `forbidden: User "${user.name}" cannot ${verb} path "${path}"${d.reason ? `: ${d.reason}` : ''}`,
    );
}

/**
 * Standalone: the token file's users (or anonymous on loopback). With `delegated`
 * (`--aggregated`): the cluster's authentication, and its authorization of non-resource paths.
 * Before either, `admission` may take kube-apiserver calling a webhook (admission-callers.ts).
 */
export function installAuthentication(
  app: FastifyInstance,
  config: AuthenticatorConfig & { delegated?: DelegatedAuth; admission?: AdmissionCallers },
): void {
  const delegated = config.delegated;
  app.addHook('onRequest', async (request) => {
    if (isPublic(request)) return;
    const caller = config.admission?.callerOf(request);
    if (caller) {
      users.set(request, caller);
      return;
    }
    if (!delegated) {
      users.set(request, authenticate(config, request.headers.authorization, request.socket.remoteAddress));
      return;
    }
    const user = await delegated.authenticator.authenticate(request.raw);
    users.set(request, user);
    await authorizePath(delegated, user, request);
  });
}
