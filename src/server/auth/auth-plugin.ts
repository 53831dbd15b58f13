/**
 * Authentication for every request except the public health and version endpoints; the user is
 * kept for the resource handlers, which authorize per verb and resource.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserInfo } from '../resources/resource-def.js';
import { ANONYMOUS, authenticate, type AuthenticatorConfig } from './authenticator.js';

// /notifications: registry webhooks authenticate with their own secrets (src/notifications)
// /console: the web console's static files (no data: the app calls the API with the user's token)
const PUBLIC_PATHS = ['/healthz', '/livez', '/readyz', '/version', '/notifications', '/console'];
// build webhooks: the secret in the URL is the credential, as OpenShift (src/builds/webhooks)
const BUILD_WEBHOOK =
  /^\/apis\/build\.openshift\.io\/v1\/namespaces\/[^/]+\/buildconfigs\/[^/]+\/webhooks\/[^/]+\/[^/]+$/;
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

export function installAuthentication(app: FastifyInstance, config: AuthenticatorConfig): void {
  app.addHook('onRequest', async (request) => {
    if (isPublic(request)) return;
    users.set(request, authenticate(config, request.headers.authorization, request.socket.remoteAddress));
  });
}
