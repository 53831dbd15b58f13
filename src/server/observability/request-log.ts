/**
 * One log line per finished request, with the query string's values taken out: webhook senders
 * that cannot sign put their secret in the URL (`/notifications/dockerhub?token=…`), and a
 * secret never reaches a log; nor does the secret in a build webhook's path. Fastify's own request logging is off (it logs the raw URL).
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from '../../observability/logger.js';

/** `/p?token=abc&n=1` -> `/p?token=[redacted]&n=[redacted]` */
export function redactQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .map((pair) => `${pair.split('=')[0] ?? ''}=[redacted]`);
  return `${url.slice(0, q)}?${params.join('&')}`;
}

const WEBHOOK_SECRET_IN_PATH = /(\/buildconfigs\/[^/?]+\/webhooks\/)[^/?]+/;

/** the URL as logged: no query values, no build webhook secret (`…/webhooks/[redacted]/github`) */
export function redactUrl(url: string): string {
  return redactQuery(url).replace(WEBHOOK_SECRET_IN_PATH, '$1[redacted]');
}

export function installRequestLog(app: FastifyInstance, log: Logger): void {
  app.addHook('onResponse', async (request, reply) => {
    log.info(
      {
        reqId: request.id,
        method: request.method,
        url: redactUrl(request.url),
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
}
