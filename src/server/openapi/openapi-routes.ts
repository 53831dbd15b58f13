/**
 * /openapi/v3 (the index) and /openapi/v3/apis/GROUP/VERSION, /openapi/v3/api/v1; /openapi/v2
 * (JSON, or gnostic protobuf to clients that ask for it first, as client-go does).
 */
import type { FastifyInstance } from 'fastify';
import { StatusError, StatusReason } from '../../api/status-error.js';
import type { ServerContext } from '../server-context.js';
import { openApiDocument, openApiRoot } from './openapi-v3.js';
import { openApiV2Document } from './openapi-v2.js';
import { OPENAPI_V2_PROTOBUF, encodeOpenApiV2 } from './openapi-v2-proto.js';

/** client-go sends the protobuf type (also spelled `…spec.v2.v1.0+protobuf`) before any JSON. */
function wantsProtobuf(accept: string | undefined): boolean {
  const first = (accept ?? '').split(',')[0]!.trim().split(';')[0]!.toLowerCase();
  return first.startsWith('application/com.github.proto-openapi.spec.v2') && first.endsWith('+protobuf');
}

function missing(path: string): StatusError {
  return new StatusError(
    404,
    StatusReason.NotFound,
    `the server could not find the requested resource (get ${path})`,
  );
}

export function installOpenApiRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/openapi/v2', async (req, reply) => {
    const doc = openApiV2Document(ctx.resources);
    if (wantsProtobuf(req.headers.accept))
      return reply.type(OPENAPI_V2_PROTOBUF).send(Buffer.from(encodeOpenApiV2(doc)));
    return reply.type('application/json').send(doc);
  });
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
