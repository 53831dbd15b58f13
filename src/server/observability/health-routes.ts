/**
 * /healthz, /livez, /readyz (200 `ok`, or with `?verbose` one line per check, as kube-apiserver
 * prints them) and /metrics.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { metricsRegistry } from '../../observability/metrics.js';
import type { ServerContext } from '../server-context.js';
import type { CheckResult } from './readiness.js';

function report(results: CheckResult[], verbose: boolean, name: string): string {
  const ok = results.every((r) => r.ok);
  if (!verbose)
    return ok
      ? 'ok'
      : results
          .filter((r) => !r.ok)
          .map((r) => `[-]${r.name} failed: ${r.message ?? ''}`)
          .join('\n') + `\n${name} check failed`;
  const lines = results.map((r) => (r.ok ? `[+]${r.name} ok` : `[-]${r.name} failed: ${r.message ?? ''}`));
  return [...lines, ok ? `${name} check passed` : `${name} check failed`].join('\n');
}

function isVerbose(request: FastifyRequest): boolean {
  return Object.prototype.hasOwnProperty.call(request.query ?? {}, 'verbose');
}

export function installHealthRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  isServing: () => boolean,
): void {
  const live = async (request: FastifyRequest, reply: FastifyReply) => {
    const results: CheckResult[] = [{ name: 'ping', ok: true }];
    return reply.type('text/plain; charset=utf-8').send(report(results, isVerbose(request), 'livez'));
  };
  app.get('/healthz', live);
  app.get('/livez', live);
  app.get('/readyz', async (request, reply) => {
    const serving: CheckResult = isServing()
      ? { name: 'serving', ok: true }
      : { name: 'serving', ok: false, message: 'not serving yet' };
    const results = [serving, ...(await ctx.readiness.run())];
    const ok = results.every((r) => r.ok);
    return reply
      .code(ok ? 200 : 503)
      .type('text/plain; charset=utf-8')
      .send(report(results, isVerbose(request), 'readyz'));
  });
  app.get('/metrics', async (_request, reply) => {
    const text = await metricsRegistry.metrics();
    return reply.type(metricsRegistry.contentType).send(text);
  });
}
