/**
 * The loopback HTTP endpoint the integrated registry notifies. It is its own listener rather than
 * a route of the API server: the registry cannot verify the server's TLS certificate, the API's
 * token file does not know the notification token, and the API accepts JSON only, while the
 * registry sends `application/vnd.docker.distribution.events.v1+json`.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { statusObject } from '../api/status-error.js';
import { constantTimeEqual } from './token.js';
import { MalformedEnvelopeError, parseRegistryEnvelope, type IntegratedRegistryPushEvent } from './events.js';
import { INTEGRATED_REGISTRY_NOTIFICATIONS_PATH } from './registry-config.js';
import { logger } from '../observability/logger.js';

const log = logger('integrated-registry');
const BODY_LIMIT = 1024 * 1024;

export interface ReceiverOptions {
  token: string;
  /** handles one push; throws when the registry should send the event again */
  onPush(event: IntegratedRegistryPushEvent): Promise<unknown>;
  now?: () => Date;
}

export interface Receiver {
  /** http://127.0.0.1:PORT/notifications/integrated-registry */
  url: string;
  close(): Promise<void>;
}

function status(reply: FastifyReply, code: number, reason: string, message: string): FastifyReply {
  return reply
    .code(code)
    .type('application/json')
    .send(statusObject(code, reason, message));
}

function parseBody(raw: unknown, receivedAt: Date): IntegratedRegistryPushEvent[] {
  const text = Buffer.isBuffer(raw) ? raw.toString('utf8') : '';
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (cause) {
    throw new MalformedEnvelopeError('the notification body is not JSON', { cause });
  }
  return parseRegistryEnvelope(body, receivedAt);
}

function buildReceiver(options: ReceiverOptions): FastifyInstance {
  const now = options.now ?? (() => new Date());
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT, forceCloseConnections: true });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post(INTEGRATED_REGISTRY_NOTIFICATIONS_PATH, async (request, reply) => {
    if (!constantTimeEqual(request.headers.authorization, `Bearer ${options.token}`))
      return status(
        reply,
        401,
        'Unauthorized',
        'the notification does not carry the integrated registry token',
      );
    let pushes: IntegratedRegistryPushEvent[];
    try {
      pushes = parseBody(request.body, now());
    } catch (e) {
      if (e instanceof MalformedEnvelopeError) return status(reply, 400, 'BadRequest', e.message);
      throw e;
    }
    try {
      // in order: two pushes of one tag in one envelope must land oldest first
      for (const push of pushes) await options.onPush(push);
    } catch (err) {
      log.warn({ err }, 'integrated registry notification not processed; the registry will retry');
      return status(reply, 500, 'InternalError', 'the notification could not be processed; retry later');
    }
    return status(reply, 200, 'OK', `${pushes.length} manifest push(es) handled`);
  });
  return app;
}

/** Listens on 127.0.0.1 (a free port) until closed. */
export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const app = buildReceiver(options);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}${INTEGRATED_REGISTRY_NOTIFICATIONS_PATH}`,
    close: () => app.close(),
  };
}
