/**
 * GET ...?watch=1: the resource's event stream, as objects or as Table rows, over the streamed
 * response or, when the request asks for one, a WebSocket (websocket-upgrade.ts): the same checks,
 * limit, selectors, resourceVersion, bookmarks and ERROR events either way.
 */
import type { FastifyReply } from 'fastify';
import type { KubeObject } from '../../api/object.js';
import type { WatchEvent } from '../../store/store.js';
import { watchesClosedTotal, watchesGauge } from '../observability/metrics.js';
import { apiVersionOf, type RequestScope, type ResourceDef } from '../resources/resource-def.js';
import type { ServerContext } from '../server-context.js';
import { DEFAULT_TABLE, buildTable } from '../table/table.js';
import { watchParams } from './query.js';
import { ResponseKind } from './negotiation.js';
import type { Representation } from './respond.js';
import { streamWatch } from '../watch/watch-stream.js';
import { httpWatchSink, webSocketWatchSink, type WatchSink, type WireEvent } from '../watch/watch-sink.js';
import { acceptWebSocket, isWebSocketUpgrade } from './websocket-upgrade.js';
import { StatusError, StatusReason } from '../../api/status-error.js';
import type { WatchLimiter } from '../watch/watch-limiter.js';

export interface WatchRouteOptions {
  how: Representation;
  bookmarkIntervalMs: number;
  stallTimeoutMs: number;
  limiter: WatchLimiter;
}

function acquire(limiter: WatchLimiter, user: string): () => void {
  try {
    return limiter.acquire(user);
  } catch (e) {
    watchesClosedTotal.inc({ reason: 'too-many' });
    throw e;
  }
}

function encoder(def: ResourceDef, how: Representation): (event: WatchEvent) => WireEvent {
  if (how.kind !== ResponseKind.Table) return (event) => ({ type: event.type, object: event.object });
  const convertor = def.table ?? DEFAULT_TABLE;
  return (event) => {
    if (event.type === 'BOOKMARK') return { type: event.type, object: event.object };
    const object = event.object as KubeObject;
    const table = buildTable(convertor, [object], {
      include: how.include,
      now: new Date(),
      listMeta: { resourceVersion: object.metadata.resourceVersion ?? '' },
    });
    return { type: event.type, object: table };
  };
}

/** The response's sink, or the WebSocket's once the handshake completed (undefined: it failed). */
async function sinkOf(reply: FastifyReply, ctx: ServerContext): Promise<WatchSink | undefined> {
  if (!isWebSocketUpgrade(reply.request)) return httpWatchSink(reply.raw);
  try {
    return webSocketWatchSink(await acceptWebSocket(reply.request));
  } catch (e) {
    ctx.log.debug({ err: e }, 'a watch WebSocket handshake failed');
    return undefined;
  }
}

export async function serveWatch(
  ctx: ServerContext,
  def: ResourceDef,
  scope: RequestScope,
  reply: FastifyReply,
  options: WatchRouteOptions,
): Promise<void> {
  const watch = def.handler.watch;
  if (!watch)
    throw new StatusError(
      405,
      StatusReason.MethodNotAllowed,
      'the server does not allow this method on the requested resource',
    );
  const params = watchParams(scope.query);
  const startVersion = scope.query.resourceVersion || (await ctx.store.currentResourceVersion());
  const release = acquire(options.limiter, scope.user.name);
  reply.hijack();
  const resource = def.resource;
  watchesGauge.inc({ resource });
  try {
    const sink = await sinkOf(reply, ctx);
    if (!sink) return;
    await streamWatch(
      sink,
      (signal) => watch.call(def.handler, scope, signal),
      ctx.closing,
      {
        encode: encoder(def, options.how),
        bookmarks: params.bookmarks,
        bookmarkKind: { apiVersion: apiVersionOf(def), kind: def.kind },
        bookmarkIntervalMs: options.bookmarkIntervalMs,
        stallTimeoutMs: options.stallTimeoutMs,
        onStall: () => watchesClosedTotal.inc({ reason: 'stalled' }),
        ...(params.timeoutSeconds ? { timeoutMs: params.timeoutSeconds * 1000 } : {}),
        log: ctx.log,
      },
      startVersion,
    );
  } finally {
    release();
    watchesGauge.dec({ resource });
  }
}
