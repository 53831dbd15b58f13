/**
 * `POST /apis/build.openshift.io/v1/namespaces/NS/buildconfigs/NAME/webhooks/SECRET/TYPE`
 * (generic, github, gitlab), as OpenShift: no API token, the secret in the URL is the credential.
 * A wrong secret and a missing BuildConfig get the same 401, so the answer never tells whether a
 * BuildConfig exists. A GitHub delivery signed with `X-Hub-Signature-256` must be signed with
 * the same secret. The routes live in their own context (raw body, the signature covers the exact
 * bytes) and log below info; the request log takes the secret out of the path.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StatusError, statusObject, unauthorized } from '../../api/status-error.js';
import { constantTimeEqual, verifyHmacSha256 } from '../../notifications/inbound/secrets.js';
import type { ServerContext } from '../../server/server-context.js';
import { BUILD_CONFIGS } from '../../store/resource-types.js';
import { BUILD_API_VERSION, BUILD_REQUEST_KIND, HIDDEN_SECRET } from '../constants.js';
import { instantiate } from '../instantiate.js';
import type { BuildRequest } from '../schema.js';
import { extract, type HookRequest } from './extract.js';
import { HOOK_TYPES, isHookType, type HookType } from './hook-types.js';
import { matchWebHookTrigger } from './secret-check.js';

const WEBHOOK_BODY_LIMIT = 1024 * 1024;
const WEBHOOK_ROUTE =
  '/apis/build.openshift.io/v1/namespaces/:namespace/buildconfigs/:name/webhooks/:secret/:type';

interface Params {
  namespace: string;
  name: string;
  secret: string;
  type: string;
}

function refused(type: string, name: string): StatusError {
  return unauthorized(`the webhook "${type}" for "${name}" did not accept your secret`);
}

function signatureRefused(type: HookType, request: HookRequest, secret: string): boolean {
  if (type !== 'github') return false;
  const signature = request.headers['x-hub-signature-256'];
  if (signature === undefined) return false;
  return !verifyHmacSha256(secret, request.raw, Array.isArray(signature) ? signature[0] : signature);
}

function buildRequest(
  type: HookType,
  name: string,
  extracted: { revision?: BuildRequest['revision']; env?: BuildRequest['env'] },
): object {
  const { message, cause } = HOOK_TYPES[type];
  const detail = { ...(extracted.revision ? { revision: extracted.revision } : {}), secret: HIDDEN_SECRET };
  return {
    apiVersion: BUILD_API_VERSION,
    kind: BUILD_REQUEST_KIND,
    metadata: { name },
    triggeredBy: [{ message, [cause]: detail }],
    ...(extracted.revision ? { revision: extracted.revision } : {}),
    ...(extracted.env ? { env: extracted.env } : {}),
  };
}

async function handle(ctx: ServerContext, request: FastifyRequest<{ Params: Params }>): Promise<object> {
  const { namespace, name, secret, type } = request.params;
  if (!isHookType(type))
    throw new StatusError(404, 'NotFound', `buildconfighook.build.openshift.io "${type}" not found`);
  const config = await ctx.store.get(BUILD_CONFIGS, namespace, name);
  // a missing BuildConfig still costs a compare: the time says no more than the answer
  const matched = config
    ? await matchWebHookTrigger(ctx.store, config, type, secret)
    : void constantTimeEqual(secret, type);
  const hookRequest: HookRequest = {
    headers: request.headers,
    raw: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
  };
  if (!config || !matched || signatureRefused(type, hookRequest, matched.secret)) throw refused(type, name);
  const extracted = extract(type, config, matched.hook, hookRequest);
  if (!extracted.proceed) return statusObject(200, 'Ignored', extracted.message);
  const build = await instantiate(ctx.store, namespace, name, buildRequest(type, name, extracted), {
    registryHost: () => ctx.settings.dockerImageRepositoryHost,
  });
  const started = `build ${build.metadata.name} started`;
  const message = extracted.warning ? `${started}; ${extracted.warning}` : started;
  return statusObject(200, 'Created', message, {
    name: build.metadata.name,
    group: 'build.openshift.io',
    kind: 'builds',
  });
}

export function registerWebHookRoutes(app: FastifyInstance, ctx: ServerContext): void {
  void app.register(async (hooks) => {
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    hooks.post(WEBHOOK_ROUTE, { logLevel: 'warn' }, (request: FastifyRequest<{ Params: Params }>) =>
      handle(ctx, request),
    );
  });
}
