/** /openapi/v3 (the index) and /openapi/v3/apis/GROUP/VERSION, /openapi/v3/api/v1. */
import type { FastifyInstance } from 'fastify';
import { StatusError, StatusReason } from '../../api/status-error.js';
import type { ServerContext } from '../server-context.js';
import { openApiDocument, openApiRoot } from './openapi-v3.js';

function missing(path: string): StatusError {
  return new StatusError(
    404,
    StatusReason.NotFound,
    `the server could not find the requested resource (get ${path})`,
  );
}

export function installOpenApiRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/openapi/v3', async (_req, reply) =>
    reply.type('application/json').send(openApiRoot(ctx.resources)),
  );
  app.get<{ Params: { version: string } }>('/openapi/v3/api/:version', async (req, reply) => {
    const doc = openApiDocument(ctx.resources, '', req.params.version);
    if (!doc) throw missing(req.url);
    return reply.type('application/json').send(doc);
  });
  app.get<{ Params: { group: string; version: string } }>(
    '/openapi/v3/apis/:group/:version',
    async (req, reply) => {
      const doc = openApiDocument(ctx.resources, req.params.group, req.params.version);
      if (!doc) throw missing(req.url);
      return reply.type('application/json').send(doc);
    },
  );
}
