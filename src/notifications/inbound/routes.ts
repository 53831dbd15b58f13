/**
 * The HTTP side of inbound notifications. The routes live in their own fastify context: they
 * read the raw body (GitHub signs the exact bytes; registries send vendor content types), they
 * authenticate with their own secrets rather than API tokens, and they log below info so that
 * a `?token=` in the URL never reaches the request log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { statusObject } from '../../api/status-error.js';
import { logger } from '../../observability/logger.js';
import { NotificationResult, notificationsReceived } from '../metrics.js';
import type { PushHandler } from './push-handler.js';
import { MalformedPayloadError, type PushEvent } from './push-event.js';
import type { InboundRequest, VendorEndpoint } from './vendors.js';

const log = logger('notifications');

const NOTIFICATION_BODY_LIMIT = 1024 * 1024;

function status(reply: FastifyReply, code: number, reason: string, message: string): FastifyReply {
  return reply
    .code(code)
    .type('application/json')
    .send(statusObject(code, reason, message));
}

function toInbound(request: FastifyRequest, now: () => Date): InboundRequest {
  const query: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') query[k] = v;
  }
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  return { headers: request.headers, query, raw, receivedAt: now() };
}

function parse(endpoint: VendorEndpoint, inbound: InboundRequest): PushEvent[] | MalformedPayloadError {
  try {
    return endpoint.parse(inbound);
  } catch (e) {
    if (e instanceof MalformedPayloadError) return e;
    throw e;
  }
}

async function handle(
  endpoint: VendorEndpoint,
  handler: PushHandler,
  inbound: InboundRequest,
  reply: FastifyReply,
): Promise<FastifyReply> {
  const count = (result: NotificationResult): void =>
    notificationsReceived.inc({ source: endpoint.source, result });
  if (!endpoint.authenticate(inbound)) {
    count(NotificationResult.Unauthorized);
    return status(
      reply,
      401,
      'Unauthorized',
      `the ${endpoint.source} notification is not signed with the configured secret`,
    );
  }
  const events = parse(endpoint, inbound);
  if (events instanceof MalformedPayloadError) {
    count(NotificationResult.Malformed);
    return status(reply, 400, 'BadRequest', events.message);
  }
  if (events.length === 0) {
    count(NotificationResult.Ignored);
    return status(reply, 200, 'Ignored', 'no manifest push with a repository in this notification');
  }
  const matched = await handler.handle(events);
  count(NotificationResult.Accepted);
  return reply.code(202).send({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    code: 202,
    reason: 'Accepted',
    message: `${events.length} push(es), ${matched.length} stream tag(s) queued for import`,
    details: {
      causes: matched.map((m) => ({
        reason: 'ImportQueued',
        message: `${m.namespace}/${m.stream}:${m.tag}`,
      })),
    },
  });
}

export interface NotificationRoutesOptions {
  endpoints: VendorEndpoint[];
  handler: PushHandler;
  now?: () => Date;
}

export async function notificationRoutes(
  app: FastifyInstance,
  options: NotificationRoutesOptions,
): Promise<void> {
  const now = options.now ?? (() => new Date());
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: NOTIFICATION_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
  for (const endpoint of options.endpoints) {
    app.post(endpoint.path, { logLevel: 'warn' }, async (request, reply) => {
      try {
        return await handle(endpoint, options.handler, toInbound(request, now), reply);
      } catch (err) {
        // our fault (e.g. the store is down); the sender retries
        notificationsReceived.inc({ source: endpoint.source, result: NotificationResult.Error });
        log.warn({ err, source: endpoint.source }, 'registry notification could not be processed');
        return status(reply, 500, 'InternalError', 'the notification could not be processed; retry later');
      }
    });
  }
}
