/** The request handlers of the fake API server: discovery, GET, LIST, WATCH, POST, PUT, PATCH, DELETE. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError, StatusReason, badRequest, internalError } from '../../../src/api/status-error.js';
import type { KubeObject, ObjectStore } from './object-store.js';
import { delegationRoute, type DelegationState } from './delegation.js';
import { applyPatch } from './patch.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { route } from './routes.js';
import { fieldMatcher, labelMatcher } from './selectors.js';
import { validateObject, validatePodUpdate } from './validate.js';
import { serveWatch, type OpenWatch, type WatchSettings } from './watch.js';

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  status: number;
  body?: unknown;
}

export interface InjectedFailure {
  method: string;
  code: number;
  reason: string;
  message: string;
}

export interface ServerState {
  store: ObjectStore;
  requests: RequestRecord[];
  failures: InjectedFailure[];
  watches: Set<OpenWatch>;
  settings: WatchSettings;
  address: string;
  delegation: DelegationState;
}

type Handler = (
  s: ServerState,
  req: IncomingMessage,
  url: URL,
  body: unknown,
) => { status: number; body: unknown } | 'watch';

export async function handle(s: ServerState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = req.method ?? 'GET';
  const record: RequestRecord = {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    contentType: req.headers['content-type'],
    status: 0,
  };
  s.requests.push(record);
  try {
    const raw = await readBody(req);
    const body = raw === '' ? undefined : parseJson(raw);
    if (body !== undefined) record.body = body;
    const injected = takeFailure(s, method);
    if (injected) throw new StatusError(injected.code, injected.reason, injected.message);
    const out = dispatch(s, req, url, body, res);
    if (out === 'watch') {
      record.status = 200;
      return;
    }
    record.status = out.status;
    sendJson(res, out.status, out.body);
  } catch (e) {
    const err = e instanceof StatusError ? e : internalError(e instanceof Error ? e.message : String(e), e);
    record.status = err.code;
    sendJson(res, err.code, err.toStatus());
  }
}

function dispatch(
  s: ServerState,
  req: IncomingMessage,
  url: URL,
  body: unknown,
  res: ServerResponse,
): { status: number; body: unknown } | 'watch' {
  const method = req.method ?? 'GET';
  const review = delegationRoute(s.delegation, method, url.pathname, body);
  if (review) return review;
  const r = route(url.pathname, s.address);
  if (r.type === 'notFound')
    throw new StatusError(404, StatusReason.NotFound, 'the server could not find the requested resource');
  if (r.type === 'discovery') {
    if (method !== 'GET') throw methodNotAllowed(method);
    return { status: 200, body: r.body };
  }
  if (r.type === 'collection') {
    if (method === 'GET')
      return isWatch(url)
        ? watch(s, req, res, url, r.resource, r.namespace)
        : list(s, url, r.resource, r.namespace);
    if (method === 'POST' && r.namespace !== undefined) return create(s, r.resource, r.namespace, body);
    throw methodNotAllowed(method);
  }
  const handlers: Record<string, Handler> = {
    GET: () => ({ status: 200, body: s.store.mustGet(r.resource, r.namespace, r.name) }),
    PUT: () => update(s, r.resource, r.namespace, r.name, body),
    PATCH: () => patch(s, req, r.resource, r.namespace, r.name, body),
    DELETE: () => ({ status: 200, body: s.store.delete(r.resource, r.namespace, r.name) }),
  };
  const h = handlers[method];
  if (!h) throw methodNotAllowed(method);
  return h(s, req, url, body);
}

function isWatch(url: URL): boolean {
  const w = url.searchParams.get('watch');
  return w === '1' || w === 'true';
}

function list(
  s: ServerState,
  url: URL,
  r: ResourceType,
  namespace: string | undefined,
): { status: number; body: unknown } {
  const labels = labelMatcher(url.searchParams.get('labelSelector'));
  const fields = fieldMatcher(url.searchParams.get('fieldSelector'));
  const items = s.store
    .list(r, namespace)
    .filter((o) => labels(o) && fields(o))
    // List items carry no kind/apiVersion on the wire; the list does.
    .map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
  return {
    status: 200,
    body: {
      kind: `${r.kind}List`,
      apiVersion: apiVersionOf(r),
      metadata: { resourceVersion: String(s.store.resourceVersion) },
      items,
    },
  };
}

function watch(
  s: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  r: ResourceType,
  namespace: string | undefined,
): 'watch' {
  const labels = labelMatcher(url.searchParams.get('labelSelector'));
  const fields = fieldMatcher(url.searchParams.get('fieldSelector'));
  const timeout = url.searchParams.get('timeoutSeconds');
  const w = serveWatch(
    s.store,
    {
      resource: r,
      namespace,
      matches: (o) => labels(o) && fields(o),
      resourceVersion: url.searchParams.get('resourceVersion'),
      allowBookmarks: url.searchParams.get('allowWatchBookmarks') === 'true',
      timeoutSeconds: timeout ? Number(timeout) : undefined,
    },
    req,
    res,
    s.settings,
  );
  s.watches.add(w);
  res.on('close', () => s.watches.delete(w));
  return 'watch';
}

function asObject(body: unknown, r: ResourceType): KubeObject {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest(`the body must be a ${r.kind} object`);
  const o = body as Record<string, unknown>;
  const metadata = typeof o.metadata === 'object' && o.metadata !== null ? o.metadata : {};
  return { ...o, metadata } as KubeObject;
}

function checkIdentity(r: ResourceType, obj: KubeObject, namespace: string, name: string | undefined): void {
  if (obj.kind !== undefined && obj.kind !== r.kind)
    throw badRequest(`the kind "${String(obj.kind)}" does not match the URL (${r.kind})`);
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(r))
    throw badRequest(
      `the apiVersion "${String(obj.apiVersion)}" does not match the URL (${apiVersionOf(r)})`,
    );
  if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (name !== undefined && obj.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
}

function create(
  s: ServerState,
  r: ResourceType,
  namespace: string,
  body: unknown,
): { status: number; body: unknown } {
  const obj = asObject(body, r);
  checkIdentity(r, obj, namespace, undefined);
  validateObject(r, obj);
  return { status: 201, body: s.store.create(r, namespace, obj) };
}

function update(
  s: ServerState,
  r: ResourceType,
  namespace: string,
  name: string,
  body: unknown,
): { status: number; body: unknown } {
  const obj = asObject(body, r);
  checkIdentity(r, obj, namespace, name);
  const current = s.store.mustGet(r, namespace, name);
  validateObject(r, obj);
  validatePodUpdate(r, current, obj);
  return { status: 200, body: s.store.update(r, namespace, obj) };
}

function patch(
  s: ServerState,
  req: IncomingMessage,
  r: ResourceType,
  namespace: string,
  name: string,
  body: unknown,
): { status: number; body: unknown } {
  const current = s.store.mustGet(r, namespace, name);
  const patched = asObject(applyPatch(req.headers['content-type'] ?? '', current, body), r);
  checkIdentity(r, patched, namespace, name);
  validateObject(r, patched);
  validatePodUpdate(r, current, patched);
  // The patched object keeps the current resourceVersion unless the patch set one: a stale one is 409.
  return { status: 200, body: s.store.update(r, namespace, patched) };
}

function takeFailure(s: ServerState, method: string): InjectedFailure | undefined {
  const at = s.failures.findIndex((f) => f.method === method);
  if (at < 0) return undefined;
  return s.failures.splice(at, 1)[0];
}

function methodNotAllowed(method: string): StatusError {
  return new StatusError(
    405,
    StatusReason.MethodNotAllowed,
    `the server does not allow this method on the requested resource (${method})`,
  );
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw badRequest(`the request body is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
