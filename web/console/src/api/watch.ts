/**
 * List-then-watch of one API collection, as client-go's reflector does: list, then watch from
 * the list's resourceVersion; a watch the server ends is resumed from the last resourceVersion
 * seen, a `410 Expired` lists again, other failures retry with capped backoff. Nothing polls: the
 * page changes when the server says so. The watch is a WebSocket (watch-socket.ts: a browser's six
 * HTTP/1.1 connections per server do not count it); where the handshake fails (a proxy without
 * upgrades, or a refusal, whose status a browser hides) the same watch runs as a streamed
 * response, one JSON event per line, which also tells the refusal's status.
 */
import type { KubeObject } from '../../../../src/api/object.js';
import { ApiError, apiRequest, authHeaders, errorOf } from './client.js';
import type { Representation } from './representation.js';
import { getToken } from './token.js';
import { SocketRefused, watchOverSocket } from './watch-socket.js';

export interface WatchHandlers<T extends KubeObject> {
  /** the full set, after a (re)list */
  reset(items: T[]): void;
  upsert(item: T): void;
  remove(item: T): void;
  /** connected (true) or retrying after a failure (false, with the failure) */
  state(live: boolean, error?: ApiError | Error): void;
}

interface ObjectList<T> {
  metadata?: { resourceVersion?: string };
  items?: T[] | null;
}

const OBJECTS: Representation<never> = {
  accept: 'application/json',
  items: (list) => (list as ObjectList<never>).items ?? [],
  item: (object) => object as never,
};

interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T | { code?: number; message?: string; metadata?: { resourceVersion?: string } };
}

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** no retry can fix these: the user must sign in, or lacks the grant, or the API is not served */
const FINAL_CODES = new Set([401, 403, 404]);

function withQuery(path: string, query: string): string {
  return path + (path.includes('?') ? '&' : '?') + query;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function watchUrl(collection: string, resourceVersion: string): string {
  return withQuery(
    collection,
    `watch=true&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(resourceVersion)}`,
  );
}

/** Reads the streamed HTTP watch, handing each event on; returns the last resourceVersion when it ends. */
async function readStreamedWatch<T extends KubeObject>(
  collection: string,
  resourceVersion: string,
  handlers: WatchHandlers<T>,
  signal: AbortSignal,
  how: Representation<T>,
): Promise<string> {
  const response = await fetch(watchUrl(collection, resourceVersion), {
    headers: { accept: how.accept, ...authHeaders() },
    signal,
    cache: 'no-store',
  });
  if (!response.ok || !response.body) throw await errorOf(response);
  handlers.state(true);
  let rv = resourceVersion;
  let buffered = '';
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return rv;
    buffered += value;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line) rv = applyEvent(JSON.parse(line) as WatchEvent<T>, handlers, rv, how);
    }
  }
}

/** The WebSocket watch; returns the last resourceVersion when the server ends it. */
async function readSocketWatch<T extends KubeObject>(
  collection: string,
  resourceVersion: string,
  handlers: WatchHandlers<T>,
  signal: AbortSignal,
): Promise<string> {
  let rv = resourceVersion;
  await watchOverSocket(
    watchUrl(collection, resourceVersion),
    getToken(),
    {
      opened: () => handlers.state(true),
      message: (data) => {
        rv = applyEvent(JSON.parse(data) as WatchEvent<T>, handlers, rv, OBJECTS);
      },
    },
    signal,
  );
  return rv;
}

function applyEvent<T extends KubeObject>(
  event: WatchEvent<T>,
  handlers: WatchHandlers<T>,
  rv: string,
  how: Representation<T>,
): string {
  if (event.type === 'ERROR') {
    const status = event.object as { code?: number; message?: string };
    throw new ApiError(status.code ?? 500, status.message ?? 'watch error');
  }
  const next = event.object.metadata?.resourceVersion ?? rv;
  if (event.type === 'ADDED' || event.type === 'MODIFIED') handlers.upsert(how.item(event.object));
  else if (event.type === 'DELETED') handlers.remove(how.item(event.object));
  return next;
}

/** What to do after a failure: list again (410), give up (401, 403, 404), or wait and retry. */
function afterFailure(error: Error): 'relist' | 'stop' | 'retry' {
  if (!(error instanceof ApiError)) return 'retry';
  if (error.code === 410) return 'relist';
  return FINAL_CODES.has(error.code) ? 'stop' : 'retry';
}

/**
 * One watch from `rv`: over a WebSocket, or streamed when the handshake fails (also telling the
 * status of a refusal). The streamed watch stays in use while it works: a handshake that failed
 * once (a proxy) would fail again; after a failure of it the WebSocket is tried again. Another
 * representation than the objects (Table rows) is always streamed: a browser cannot set the
 * Accept header that asks for it on a WebSocket.
 */
async function readWatch<T extends KubeObject>(
  collection: string,
  rv: string,
  handlers: WatchHandlers<T>,
  signal: AbortSignal,
  transport: { streamed: boolean },
  how: Representation<T>,
): Promise<string> {
  if (!transport.streamed && how.accept === OBJECTS.accept) {
    try {
      return await readSocketWatch(collection, rv, handlers, signal);
    } catch (e) {
      if (!(e instanceof SocketRefused)) throw e;
      transport.streamed = true;
    }
  }
  try {
    return await readStreamedWatch(collection, rv, handlers, signal, how);
  } catch (e) {
    transport.streamed = false;
    throw e;
  }
}

/** Lists and watches `collection` until `signal` aborts. */
export async function listAndWatch<T extends KubeObject>(
  collection: string,
  handlers: WatchHandlers<T>,
  signal: AbortSignal,
  how: Representation<T> = OBJECTS,
): Promise<void> {
  let rv: string | undefined;
  let backoff = MIN_BACKOFF_MS;
  const transport = { streamed: false };
  while (!signal.aborted) {
    try {
      if (rv === undefined) {
        const list = await apiRequest<ObjectList<unknown>>(collection, { signal, accept: how.accept });
        rv = list.metadata?.resourceVersion ?? '0';
        handlers.reset(how.items(list));
      }
      rv = await readWatch(collection, rv, handlers, signal, transport, how);
      backoff = MIN_BACKOFF_MS;
    } catch (err) {
      if (signal.aborted) return;
      const error = err instanceof Error ? err : new Error(String(err));
      handlers.state(false, error);
      const next = afterFailure(error);
      if (next === 'stop') return;
      if (next === 'relist') {
        rv = undefined;
        continue;
      }
      await sleep(backoff, signal);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }
}
