/**
 * `GET builds/NAME/log` (text/plain, as OpenShift): the build's stored log; with `follow=true`
 * the response stays open, sending output as the executor stores it, and ends when the build has
 * finished (or the client goes away, or the server closes). Served on every replica from the store.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../api/status-error.js';
import { authorize } from '../server/auth/authorizer.js';
import { userOf } from '../server/auth/auth-plugin.js';
import type { ServerContext } from '../server/server-context.js';
import { qualified } from '../store/object-key.js';
import { BUILDS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import { readBuildLog } from './build-log.js';
import { BUILD_API_GROUP, isTerminal } from './constants.js';
import type { Build } from './schema.js';

const POLL_MS = 200;

interface Params {
  namespace: string;
  name: string;
}

async function phaseOf(store: Store, namespace: string, name: string): Promise<string | undefined> {
  const b = (await store.get(BUILDS, namespace, name)) as Build | undefined;
  if (!b) throw notFound(qualified(BUILDS, name));
  return b.status?.phase ?? 'New';
}

async function follow(
  ctx: ServerContext,
  p: Params,
  reply: FastifyReply,
  closed: AbortSignal,
): Promise<void> {
  let sent = 0;
  for (;;) {
    const done = isTerminal(await phaseOf(ctx.store, p.namespace, p.name).catch(() => 'Error'));
    const text = (await readBuildLog(ctx.store, p.namespace, p.name))?.log ?? '';
    // a log cut at its start (bounded) is sent on from where it now ends
    if (text.length < sent) sent = 0;
    if (text.length > sent) reply.raw.write(text.slice(sent));
    sent = text.length;
    if (done || closed.aborted || ctx.closing.aborted) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  reply.raw.end();
}

export function registerBuildLogRoute(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    '/apis/build.openshift.io/v1/namespaces/:namespace/builds/:name/log',
    async (request: FastifyRequest<{ Params: Params; Querystring: { follow?: string } }>, reply) => {
      const { namespace, name } = request.params;
      authorize(userOf(request), {
        verb: 'get',
        group: BUILD_API_GROUP,
        version: 'v1',
        resource: 'builds',
        subresource: 'log',
        namespace,
        name,
      });
      await phaseOf(ctx.store, namespace, name);
      const wantFollow = request.query.follow === 'true' || request.query.follow === '1';
      if (!wantFollow) {
        const text = (await readBuildLog(ctx.store, namespace, name))?.log ?? '';
        return reply.type('text/plain; charset=utf-8').send(text);
      }
      const closed = new AbortController();
      request.raw.on('close', () => closed.abort());
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'transfer-encoding': 'chunked',
      });
      await follow(ctx, request.params, reply, closed.signal);
    },
  );
}
