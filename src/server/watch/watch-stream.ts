/**
 * Streams a watch as the apiserver does: HTTP 200, then one JSON watch event per line, or one per
 * WebSocket message (watch-sink.ts): ADDED/MODIFIED/DELETED, BOOKMARK when asked for, ERROR with
 * a Status, e.g. 410 Expired, before the stream ends. Ends on client disconnect, server close or timeoutSeconds. Writes respect
 * backpressure so a slow client cannot grow the server's memory without bound, and a client that
 * stops reading is disconnected once its connection stayed full for `stallTimeoutMs` (as
 * kube-apiserver closes a watcher whose buffer stays full): it watches again from its last
 * resourceVersion, instead of pinning a subscription and its events forever.
 */
import type { KubeObject } from '../../api/object.js';
import type { Status } from '../../api/status-error.js';
import type { WatchEvent } from '../../store/store.js';
import { statusBody, toStatusError } from '../http/status-response.js';
import type { Logger } from '../../observability/logger.js';
import type { WatchSink, WireEvent } from './watch-sink.js';

export interface WatchStreamOptions {
  /** the event as sent: the object itself, or a Table row */
  encode(event: WatchEvent): WireEvent;
  bookmarks: boolean;
  /** apiVersion/kind of bookmark objects */
  bookmarkKind: { apiVersion: string; kind: string };
  bookmarkIntervalMs: number;
  timeoutMs?: number;
  /** how long the connection may stay unwritable before the watcher is closed (0: never) */
  stallTimeoutMs: number;
  /** called when a stalled watcher is closed */
  onStall?: () => void;
  log: Logger;
}

function errorEvent(error: unknown, log: Logger): WireEvent {
  const { error: status, bug } = toStatusError(error);
  if (bug) log.error({ err: error }, 'watch failed with an internal error');
  const body: Status = statusBody(status);
  return { type: 'ERROR', object: body };
}

async function write(sink: WatchSink, event: WireEvent, options: WatchStreamOptions): Promise<void> {
  if (sink.closed) return;
  if (await sink.send(event, options.stallTimeoutMs)) return;
  options.log.debug({ stallTimeoutMs: options.stallTimeoutMs }, 'closing a watch that stopped reading');
  options.onStall?.();
  sink.abort();
}

function bookmark(kind: WatchStreamOptions['bookmarkKind'], resourceVersion: string): WireEvent {
  return { type: 'BOOKMARK', object: { ...kind, metadata: { resourceVersion } } };
}

/**
 * Runs the watch until it ends. `start` creates the event source for a signal that aborts when the
 * stream must stop.
 */
export async function streamWatch(
  sink: WatchSink,
  start: (signal: AbortSignal) => AsyncIterable<WatchEvent>,
  stop: AbortSignal,
  options: WatchStreamOptions,
  startVersion: string,
): Promise<void> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  stop.addEventListener('abort', abort, { once: true });
  sink.onClose(abort);
  const timeout = options.timeoutMs ? setTimeout(abort, options.timeoutMs) : undefined;
  let lastVersion = startVersion;
  const ticker = options.bookmarks
    ? setInterval(() => {
        // a bookmark only tells a client where it is: none while its connection is still full
        if (!sink.full) void write(sink, bookmark(options.bookmarkKind, lastVersion), options);
      }, options.bookmarkIntervalMs)
    : undefined;
  sink.open();
  try {
    for await (const event of start(controller.signal)) {
      if (controller.signal.aborted) break;
      const version = (event.object as KubeObject).metadata?.resourceVersion;
      if (version) lastVersion = version;
      if (event.type === 'BOOKMARK' && !options.bookmarks) continue;
      await write(sink, options.encode(event), options);
    }
  } catch (e) {
    if (!controller.signal.aborted) await write(sink, errorEvent(e, options.log), options);
  } finally {
    clearTimeout(timeout);
    clearInterval(ticker);
    stop.removeEventListener('abort', abort);
    sink.end();
  }
}
