/**
 * The resource endpoints: one route per API root dispatching on RequestInfo to the resource's
 * handler, after authorization. Everything that goes wrong is thrown as a StatusError and
 * answered by the one error handler (status-response.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StatusError, StatusReason, isStatusError, notFound } from '../../api/status-error.js';
import { authorize } from '../auth/authorizer.js';
import { userOf } from '../auth/auth-plugin.js';
import type { PagedList, RequestScope, ResourceDef } from '../resources/resource-def.js';
import type { ServerContext } from '../server-context.js';
import { recordRequest } from '../observability/request-metrics.js';
import { includeObjectPolicy, negotiate, ResponseKind } from './negotiation.js';
import { PatchType, SUPPORTED_PATCH_TYPES, unsupportedPatch } from './patch.js';
import { fieldValidation, flattenQuery, isDryRun, type Query } from './query.js';
import { parseRequestInfo, type RequestInfo, type Verb } from './request-info.js';
import { listBody } from './list-stream.js';
import { represent, warningHeaders, type Representation } from './respond.js';
import { serveWatch } from './watch-route.js';
import { isWebSocketUpgrade } from './websocket-upgrade.js';
import { requestTimeoutMs, withDeadline } from './request-timeout.js';
import { WatchLimiter } from '../watch/watch-limiter.js';
import { requestTimeoutsTotal } from '../observability/metrics.js';

export interface ApiRouteLimits {
  /** how often watches asking for bookmarks get one */
  bookmarkIntervalMs: number;
  /** the deadline of every request but watches (0: none) */
  requestTimeoutMs: number;
  /** open watches per user (0: no limit) */
  maxWatchesPerUser: number;
  /** how long a watch's connection may stay full before the watch is closed */
  watchStallTimeoutMs: number;
}

function methodNotAllowed(): StatusError {
  return new StatusError(
    405,
    StatusReason.MethodNotAllowed,
    'the server does not allow this method on the requested resource',
  );
}

function onlyWatchUpgrades(): StatusError {
  return new StatusError(
    400,
    StatusReason.BadRequest,
    'only a watch (?watch=true) is served over a WebSocket',
  );
}

function pathNotFound(request: FastifyRequest): StatusError {
  return new StatusError(
    404,
    StatusReason.NotFound,
    `the server could not find the requested resource (${request.method} ${request.url.split('?')[0]})`,
  );
}

function allowedVerbs(def: ResourceDef, info: RequestInfo): readonly string[] {
  if (info.subresource === undefined) return def.verbs;
  const sub = def.subresources?.find((s) => s.name === info.subresource);
  if (!sub)
    throw notFound({ resource: `${def.resource}/${info.subresource}`, group: def.group, name: info.name });
  return sub.verbs;
}

/** A namespaced resource outside a namespace (other than a list or watch of all), or the reverse, is no path. */
function scopeMatches(def: ResourceDef, info: RequestInfo): boolean {
  if (!def.namespaced) return info.namespace === undefined;
  return info.namespace !== undefined || info.verb === 'list' || info.verb === 'watch';
}

function resolve(
  ctx: ServerContext,
  request: FastifyRequest,
  query: Query,
): { info: RequestInfo; def: ResourceDef } {
  const parsed = parseRequestInfo(request.method, request.url, query);
  const def = parsed && ctx.resources.find(parsed.group, parsed.version, parsed.resource);
  if (!parsed || !def) throw pathNotFound(request);
  if (parsed.verb === undefined) throw methodNotAllowed();
  const info = { ...parsed, verb: parsed.verb };
  if (!allowedVerbs(def, info).includes(info.verb)) throw methodNotAllowed();
  if (!scopeMatches(def, info)) throw pathNotFound(request);
  return { info, def };
}

function scopeOf(request: FastifyRequest, info: RequestInfo, query: Query, warnings: string[]): RequestScope {
  return {
    info,
    query,
    dryRun: isDryRun(query),
    fieldValidation: fieldValidation(query),
    user: userOf(request),
    warn: (m) => warnings.push(m),
    ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
  };
}

function patchRequest(request: FastifyRequest, canApply: boolean): { contentType: string; patch: unknown } {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const accepted: readonly string[] = canApply
    ? [...SUPPORTED_PATCH_TYPES, PatchType.Apply]
    : SUPPORTED_PATCH_TYPES;
  if (!accepted.includes(contentType)) throw unsupportedPatch(contentType, accepted);
  return { contentType, patch: request.body };
}

const patchOrApply: Dispatch = (h, s, r) => {
  const p = patchRequest(r, h.apply !== undefined);
  return p.contentType === PatchType.Apply ? h.apply?.(s, p) : h.patch?.(s, p);
};

type Dispatch = (
  h: ResourceDef['handler'],
  scope: RequestScope,
  request: FastifyRequest,
) => Promise<unknown> | undefined;

/** verb -> the handler call and the success code */
const DISPATCH: Partial<Record<Verb, [Dispatch, number]>> = {
  get: [(h, s) => h.get?.(s), 200],
  list: [(h, s) => h.list?.(s), 200],
  create: [(h, s, r) => h.create?.(s, r.body), 201],
  update: [(h, s, r) => h.update?.(s, r.body), 200],
  patch: [patchOrApply, 200],
  delete: [(h, s, r) => h.delete?.(s, r.body), 200],
  deletecollection: [(h, s, r) => h.deleteCollection?.(s, r.body), 200],
};

async function dispatch(
  def: ResourceDef,
  scope: RequestScope,
  request: FastifyRequest,
  timeoutMs: number,
): Promise<{ value: unknown; code: number }> {
  const entry = DISPATCH[scope.info.verb];
  const pending = entry?.[0](def.handler, scope, request);
  if (!entry || pending === undefined) throw methodNotAllowed();
  const deadline = requestTimeoutMs(timeoutMs, scope.query.timeout);
  const value = await countTimeouts(withDeadline(Promise.resolve(pending), deadline));
  return { value, code: scope.responseCode ?? entry[1] };
}

/** The work's result; a 504 Timeout it fails with is counted. */
async function countTimeouts<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (isStatusError(e) && e.reason === StatusReason.Timeout && e.code === 504) requestTimeoutsTotal.inc();
    throw e;
  }
}

/** A handler may answer with a metav1.Status (e.g. deleting a virtual resource): its code wins. */
function isStatus(value: unknown): value is { kind: 'Status'; code?: number } {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

/** A list its handler reads page by page: the first page within the deadline, then streamed. */
async function servePagedList(
  def: ResourceDef,
  read: Promise<PagedList>,
  reply: FastifyReply,
  options: { how: Representation; deadline: number; warnings: string[] },
): Promise<FastifyReply> {
  const list = await countTimeouts(withDeadline(read, options.deadline));
  warningHeaders(reply, options.warnings);
  return reply
    .code(200)
    .type('application/json')
    .send(listBody(def, list, options.how));
}

/**
 * A GET answered with the object's JSON as a watch cache holds it (no parse, no serialization),
 * when the handler has it and the client wants the object itself; false: answer as usual.
 * (It says whether it answered rather than returning the reply: a reply is a thenable, which an
 * async function's result would wait for.)
 */
async function serveEncodedGet(
  def: ResourceDef,
  scope: RequestScope,
  reply: FastifyReply,
  options: { how: Representation; deadline: number; warnings: string[] },
): Promise<boolean> {
  if (scope.info.verb !== 'get' || options.how.kind !== ResponseKind.Object || !def.handler.getEncoded)
    return false;
  const json = await countTimeouts(withDeadline(def.handler.getEncoded(scope), options.deadline));
  if (!json) return false;
  warningHeaders(reply, options.warnings);
  reply.code(200).type('application/json').send(json);
  return true;
}

export function installApiRoutes(app: FastifyInstance, ctx: ServerContext, limits: ApiRouteLimits): void {
  const limiter = new WatchLimiter(limits.maxWatchesPerUser);
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = flattenQuery(request.query);
    const { info, def } = resolve(ctx, request, query);
    if (info.verb !== 'watch' && isWebSocketUpgrade(request)) throw onlyWatchUpgrades();
    recordRequest(request, info);
    await authorize(userOf(request), info);
    const tableAllowed = info.verb === 'get' || info.verb === 'list' || info.verb === 'watch';
    const how = {
      kind: negotiate(request.headers.accept, tableAllowed),
      include: includeObjectPolicy(query),
      now: ctx.now(),
    };
    const warnings: string[] = [];
    const scope = scopeOf(request, info, query, warnings);
    if (info.verb === 'watch')
      return serveWatch(ctx, def, scope, reply, {
        how,
        bookmarkIntervalMs: limits.bookmarkIntervalMs,
        stallTimeoutMs: limits.watchStallTimeoutMs,
        limiter,
      });
    if (info.verb === 'list' && def.handler.listPages) {
      const deadline = requestTimeoutMs(limits.requestTimeoutMs, query.timeout);
      return servePagedList(def, def.handler.listPages(scope), reply, { how, deadline, warnings });
    }
    const deadline = requestTimeoutMs(limits.requestTimeoutMs, query.timeout);
    if (await serveEncodedGet(def, scope, reply, { how, deadline, warnings })) return reply;
    const { value, code } = await dispatch(def, scope, request, limits.requestTimeoutMs);
    warningHeaders(reply, warnings);
    const status = isStatus(value) ? (value.code ?? code) : code;
    const body = represent(def, value as Parameters<typeof represent>[1], how);
    return reply.code(status).type('application/json').send(body);
  };
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
  app.route({ method: [...methods], url: '/apis/*', handler });
  app.route({ method: [...methods], url: '/api/*', handler });
}
