/**
 * Discovery: /api, /api/v1, /apis, /apis/GROUP, /apis/GROUP/VERSION and /version; /api and /apis
 * answer aggregated discovery (apidiscovery.k8s.io/v2) to clients that ask for it.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { StatusError, StatusReason } from '../../api/status-error.js';
import type { ServerContext } from '../server-context.js';
import { AGGREGATED_DISCOVERY_TYPE, aggregatedDiscovery, wantsAggregated } from './aggregated-discovery.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './discovery-docs.js';

const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-imagestreams.0.1.0',
  gitCommit: '',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: '',
  compiler: 'node',
  platform: `${process.platform}/${process.arch}`,
};

function send(reply: FastifyReply, body: unknown): FastifyReply {
  return reply.type('application/json').send(body);
}

function notFound(path: string): StatusError {
  return new StatusError(
    404,
    StatusReason.NotFound,
    `the server could not find the requested resource (get ${path})`,
  );
}

export function installDiscoveryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/version', async (_req, reply) => send(reply, SERVER_VERSION));
  app.get('/api', async (req, reply) => {
    if (wantsAggregated(req.headers.accept))
      return reply.type(AGGREGATED_DISCOVERY_TYPE).send(aggregatedDiscovery(ctx.resources, true));
    return send(reply, apiVersions(req.headers.host ?? ''));
  });
  app.get('/api/v1', async (_req, reply) => send(reply, apiResourceList(ctx.resources, '', 'v1')));
  app.get('/apis', async (req, reply) => {
    if (wantsAggregated(req.headers.accept))
      return reply.type(AGGREGATED_DISCOVERY_TYPE).send(aggregatedDiscovery(ctx.resources, false));
    return send(reply, apiGroupList(ctx.resources));
  });
  app.get<{ Params: { group: string } }>('/apis/:group', async (req, reply) => {
    const group = apiGroup(ctx.resources, req.params.group);
    if (!group) throw notFound(req.url);
    return send(reply, group);
  });
  app.get<{ Params: { group: string; version: string } }>('/apis/:group/:version', async (req, reply) => {
    if (ctx.resources.inGroupVersion(req.params.group, req.params.version).length === 0)
      throw notFound(req.url);
    return send(reply, apiResourceList(ctx.resources, req.params.group, req.params.version));
  });
}
