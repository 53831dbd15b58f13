/**
 * `GET builds/NAME/log` (text/plain, as OpenShift) with OpenShift's BuildLogOptions (log-options.ts):
 * the build's stored log, from `sinceTime`/`sinceSeconds`, its last `tailLines`, at most
 * `limitBytes`, with `timestamps`; with `follow=true` the response stays open, sending output as
 * the executor stores it, and ends when the build has finished (or `limitBytes` are sent, or the
 * client goes away, or the server closes). Served on every replica from the store.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../api/status-error.js';
import { authorize } from '../server/auth/authorizer.js';
import { userOf } from '../server/auth/auth-plugin.js';
import type { ServerContext } from '../server/server-context.js';
import { qualified } from '../store/object-key.js';
import { BUILDS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import { readStoredLog, type BuildLogObject } from './build-log.js';
import { BUILD_API_GROUP, isTerminal } from './constants.js';
import {
  completeLength,
  limitBytes,
  parseLines,
  renderLines,
  selectLines,
  type LogView,
} from './log-lines.js';
import { parseBuildLogOptions, sinceOf, type BuildLogOptions } from './log-options.js';
import type { Build } from './schema.js';

const POLL_MS = 200;

interface Params {
  namespace: string;
  name: string;
}

async function getBuild(store: Store, namespace: string, name: string): Promise<Build> {
  const b = await store.get(BUILDS, namespace, name);
  if (!b) throw notFound(qualified(BUILDS, name));
  return b;
}

/** the build asked for: NAME, or with `version` the build of that number of NAME's BuildConfig */
async function targetBuild(store: Store, p: Params, version: number | undefined): Promise<string> {
  const b = await getBuild(store, p.namespace, p.name);
  if (version === undefined) return p.name;
  const config = b.status?.config?.name ?? b.metadata.labels?.['openshift.io/build-config.name'];
  const name = config ? `${config}-${version}` : p.name;
  await getBuild(store, p.namespace, name);
  return name;
}

/** where the reader is in the whole output of the build (past what the bound dropped) */
interface Cursor {
  position: number;
  /** bytes sent so far, against limitBytes */
  sent: number;
}

/** the text to send from `cursor` on; `done`: the build has ended, so a last partial line goes too */
function nextText(log: BuildLogObject | undefined, cursor: Cursor, view: LogView, done: boolean): string {
  if (!log) return '';
  const base = log.offset ?? 0;
  const start = Math.max(0, cursor.position - base);
  const end = done ? log.log.length : completeLength(log.log);
  if (end <= start) return '';
  cursor.position = base + end;
  const lines = selectLines(parseLines(log.log.slice(start, end), log.timed === true), view);
  return renderLines(lines, view.timestamps === true);
}

function limited(text: string, cursor: Cursor, o: BuildLogOptions): string {
  const out = o.limitBytes === undefined ? text : limitBytes(text, o.limitBytes - cursor.sent);
  cursor.sent += Buffer.byteLength(out);
  return out;
}

const full = (cursor: Cursor, o: BuildLogOptions): boolean =>
  o.limitBytes !== undefined && cursor.sent >= o.limitBytes;

async function follow(
  ctx: ServerContext,
  p: Params,
  o: BuildLogOptions,
  reply: FastifyReply,
  closed: AbortSignal,
): Promise<void> {
  const cursor: Cursor = { position: 0, sent: 0 };
  const since = sinceOf(o, ctx.now());
  // tailLines picks from what is there when the request comes; later lines all follow
  let view: LogView = { since, tailLines: o.tailLines, timestamps: o.timestamps };
  for (;;) {
    const phase = await getBuild(ctx.store, p.namespace, p.name).then(
      (b) => b.status?.phase ?? 'New',
      () => 'Error',
    );
    const done = isTerminal(phase);
    const text = nextText(await readStoredLog(ctx.store, p.namespace, p.name), cursor, view, done);
    view = { since, timestamps: o.timestamps };
    if (text) reply.raw.write(limited(text, cursor, o));
    if (done || full(cursor, o) || closed.aborted || ctx.closing.aborted) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  reply.raw.end();
}

export function registerBuildLogRoute(app: FastifyInstance, ctx: ServerContext): void {
  app.get(
    '/apis/build.openshift.io/v1/namespaces/:namespace/builds/:name/log',
    async (request: FastifyRequest<{ Params: Params; Querystring: unknown }>, reply) => {
      const { namespace, name } = request.params;
      await authorize(userOf(request), {
        verb: 'get',
        group: BUILD_API_GROUP,
        version: 'v1',
        resource: 'builds',
        subresource: 'log',
        namespace,
        name,
      });
      const options = parseBuildLogOptions(request.query);
      const target = { namespace, name: await targetBuild(ctx.store, request.params, options.version) };
      if (!options.follow) {
        const log = await readStoredLog(ctx.store, namespace, target.name);
        const view = {
          since: sinceOf(options, ctx.now()),
          tailLines: options.tailLines,
          timestamps: options.timestamps,
        };
        const text = limited(
          nextText(log, { position: 0, sent: 0 }, view, true),
          { position: 0, sent: 0 },
          options,
        );
        return reply.type('text/plain; charset=utf-8').send(text);
      }
      const closed = new AbortController();
      request.raw.on('close', () => closed.abort());
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        'transfer-encoding': 'chunked',
      });
      await follow(ctx, target, options, reply, closed.signal);
    },
  );
}
