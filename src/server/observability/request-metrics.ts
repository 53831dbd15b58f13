/** Request counts and latency by verb and resource, recorded when each response is finished. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RequestInfo } from '../http/request-info.js';
import { requestDuration, requestsTotal } from './metrics.js';

interface Labels {
  verb: string;
  resource: string;
}

const labels = new WeakMap<FastifyRequest, Labels>();

/** Names the request's verb and resource for its metrics (`imagestreams/status` for subresources). */
export function recordRequest(request: FastifyRequest, info: RequestInfo): void {
  labels.set(request, {
    verb: info.verb,
    resource: info.subresource ? `${info.resource}/${info.subresource}` : info.resource,
  });
}

export function installRequestMetrics(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    const l = labels.get(request) ?? { verb: request.method.toLowerCase(), resource: '' };
    requestsTotal.inc({ verb: l.verb, resource: l.resource, code: String(reply.statusCode) });
    // a watch lasts as long as the client wants: its duration is no latency
    if (l.verb !== 'watch')
      requestDuration.observe({ verb: l.verb, resource: l.resource }, reply.elapsedTime / 1000);
  });
}
