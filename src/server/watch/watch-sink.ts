/**
 * Where a watch's events go: a streamed HTTP response (one JSON event per line) or a WebSocket
 * (one JSON event per text message, as kube-apiserver frames watch events). The watch loop
 * (watch-stream.ts) is the same for both; a sink only knows how to write and how to tell that its
 * client stopped reading.
 */
import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';

export interface WireEvent {
  type: string;
  object: unknown;
}

export interface WatchSink {
  /** sends what precedes the first event (HTTP: status and headers) */
  open(): void;
  /**
   * Writes one event; resolves true once the client can take more, false when it stayed unable
   * to for `stallTimeoutMs` (0: wait forever). Nothing happens on a closed sink.
   */
  send(event: WireEvent, stallTimeoutMs: number): Promise<boolean>;
  /** the client has not taken what was written yet */
  readonly full: boolean;
  readonly closed: boolean;
  /** `listener` runs once when the client goes away */
  onClose(listener: () => void): void;
  /** ends the stream cleanly */
  end(): void;
  /** drops the connection (a client that stopped reading) */
  abort(): void;
}

/**
 * Resolves true once the listener `on` installs ran (the client took the data, or went away),
 * false when `ms` passed first (0: never); `on` returns the listener's removal.
 */
function readyWithin(on: (listener: () => void) => () => void, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = ms > 0 ? setTimeout(() => done(false), ms) : undefined;
    const off = on(() => done(true));
    function done(ok: boolean): void {
      clearTimeout(timer);
      off();
      resolve(ok);
    }
  });
}

export function httpWatchSink(raw: ServerResponse): WatchSink {
  return {
    open() {
      raw.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
      raw.flushHeaders();
    },
    async send(event, stallTimeoutMs) {
      if (raw.destroyed) return true;
      if (raw.write(`${JSON.stringify(event)}\n`)) return true;
      return readyWithin((listener) => {
        raw.once('drain', listener);
        raw.once('close', listener);
        return () => {
          raw.off('drain', listener);
          raw.off('close', listener);
        };
      }, stallTimeoutMs);
    },
    get full() {
      return raw.writableNeedDrain;
    },
    get closed() {
      return raw.destroyed;
    },
    onClose(listener) {
      raw.on('close', listener);
    },
    end() {
      if (!raw.destroyed) raw.end();
    },
    abort() {
      raw.destroy();
    },
  };
}

/** As much as a socket buffers before Node reports it full (its default highWaterMark). */
const SOCKET_HIGH_WATER_MARK = 16 * 1024;
/** RFC 6455 close codes */
const NORMAL_CLOSURE = 1000;
const CLOSE_ANSWER_MS = 2000;

export function webSocketWatchSink(ws: WebSocket): WatchSink {
  const closed = (): boolean => ws.readyState !== ws.OPEN;
  return {
    open() {
      // the 101 Switching Protocols was the answer
    },
    async send(event, stallTimeoutMs) {
      if (closed()) return true;
      let written: (() => void) | undefined;
      const flushed = new Promise<void>((resolve) => (written = resolve));
      // the callback runs once the frame reached the socket, or the socket failed
      ws.send(JSON.stringify(event), () => written?.());
      if (ws.bufferedAmount < SOCKET_HIGH_WATER_MARK) return true;
      return readyWithin((listener) => {
        void flushed.then(listener);
        ws.once('close', listener);
        return () => ws.off('close', listener);
      }, stallTimeoutMs);
    },
    get full() {
      return ws.bufferedAmount >= SOCKET_HIGH_WATER_MARK;
    },
    get closed() {
      return closed();
    },
    onClose(listener) {
      ws.on('close', listener);
    },
    end() {
      if (closed()) return;
      ws.close(NORMAL_CLOSURE);
      // the socket stays until the client answers the close frame (ws waits 30 s): a server that
      // shuts down does not wait that long for a client that does not answer
      setTimeout(() => ws.terminate(), CLOSE_ANSWER_MS).unref();
    },
    abort() {
      ws.terminate();
    },
  };
}
