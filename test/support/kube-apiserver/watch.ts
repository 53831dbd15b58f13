/**
 * WATCH as kube-apiserver serves it: a 200 response of JSON lines `{type, object}`. Without a
 * resourceVersion (or "0") the current objects come first as ADDED; from a version the log is
 * replayed after it, or, when that version is compacted away, one ERROR event carrying a 410
 * Expired Status ends the stream. BOOKMARK events only when the client allows them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError, StatusReason } from '../../../src/api/status-error.js';
import type { KubeObject, ObjectStore, StoredEvent } from './object-store.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import type { Matcher } from './selectors.js';

export interface WatchRequest {
  resource: ResourceType;
  namespace: string | undefined;
  matches: Matcher;
  resourceVersion: string | null;
  allowBookmarks: boolean;
  timeoutSeconds: number | undefined;
}

export interface OpenWatch {
  /** Ends the stream as an etcd compaction would: an ERROR event with 410 Expired. */
  expire(): void;
  close(): void;
}

export interface WatchSettings {
  bookmarkIntervalMs: number;
}

export function serveWatch(
  store: ObjectStore,
  w: WatchRequest,
  req: IncomingMessage,
  res: ServerResponse,
  settings: WatchSettings,
): OpenWatch {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const send = (type: string, object: unknown): void => {
    if (!res.writableEnded) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = (): void => undefined;
  const close = (): void => {
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    if (!res.writableEnded) res.end();
  };
  const expire = (): void => {
    send('ERROR', expired(`too old resource version: ${w.resourceVersion ?? ''} (${store.resourceVersion})`));
    close();
  };
  const handle: OpenWatch = { expire, close };
  req.on('close', close);

  const from = startingVersion(w.resourceVersion);
  if (from === 'invalid') {
    send(
      'ERROR',
      new StatusError(
        400,
        StatusReason.BadRequest,
        `invalid resource version: ${w.resourceVersion}`,
      ).toStatus(),
    );
    close();
    return handle;
  }
  if (from !== undefined && from < store.compactedRevision) {
    expire();
    return handle;
  }
  // Subscribing and replaying happen in the same tick, so no event falls between them.
  const deliver = (e: StoredEvent): void => {
    const type = eventType(e, w);
    if (type) send(type, e.object);
  };
  const off = store.subscribe((e) => deliver(e));
  unsubscribe = () => {
    off();
  };
  if (from === undefined) {
    for (const o of store.list(w.resource, w.namespace)) if (w.matches(o)) send('ADDED', o);
  } else {
    for (const e of store.eventsAfter(from)) deliver(e);
  }
  if (w.allowBookmarks) {
    const tick = (): void => {
      send('BOOKMARK', {
        kind: w.resource.kind,
        apiVersion: apiVersionOf(w.resource),
        metadata: { resourceVersion: String(store.resourceVersion) },
      });
      timers[0] = setTimeout(tick, settings.bookmarkIntervalMs);
    };
    timers[0] = setTimeout(tick, settings.bookmarkIntervalMs);
  }
  if (w.timeoutSeconds !== undefined) timers.push(setTimeout(close, w.timeoutSeconds * 1000));
  return handle;
}

function startingVersion(rv: string | null): number | undefined | 'invalid' {
  if (rv === null || rv === '' || rv === '0') return undefined;
  return /^\d+$/.test(rv) ? Number(rv) : 'invalid';
}

/** The event as this watcher sees it: objects moving in or out of its selector appear or vanish. */
function eventType(e: StoredEvent, w: WatchRequest): string | undefined {
  if (e.resource !== w.resource) return undefined;
  if (w.namespace !== undefined && e.object.metadata.namespace !== w.namespace) return undefined;
  const now = w.matches(e.object);
  if (e.type !== 'MODIFIED') return now ? e.type : undefined;
  const before = e.previous ? w.matches(e.previous as KubeObject) : false;
  if (now) return before ? 'MODIFIED' : 'ADDED';
  return before ? 'DELETED' : undefined;
}

function expired(message: string): unknown {
  return new StatusError(410, StatusReason.Expired, message).toStatus();
}
