/**
 * One watch over a WebSocket, as kube-apiserver serves it (and this server, docs/api.md): each
 * message is one JSON watch event. A browser cannot set Authorization on a WebSocket, so the token
 * goes as the subprotocol `base64url.bearer.authorization.k8s.io.<base64url token>`, next to
 * `base64.binary.k8s.io` for the server to echo (a browser fails a handshake whose offered
 * subprotocols get no answer). WebSockets do not count against a browser's six HTTP/1.1
 * connections per server, which the streamed watches of two console tabs exhausted.
 */

/** The handshake failed: no upgrade here (a proxy), or a refusal whose status a browser hides. */
export class SocketRefused extends Error {
  constructor() {
    super('the WebSocket watch was refused');
    this.name = 'SocketRefused';
  }
}

const NORMAL_CLOSURE = 1000;

function base64url(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function socketUrl(path: string): string {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

function watchProtocols(token: string | undefined): string[] {
  return token ? [`base64url.bearer.authorization.k8s.io.${base64url(token)}`, 'base64.binary.k8s.io'] : [];
}

export interface SocketWatch {
  /** the socket is open: the watch runs */
  opened(): void;
  /** one event's JSON; throwing ends the watch with that error */
  message(data: string): void;
}

/**
 * Watches `path` (a URL with ?watch=true) until the server closes (resolves), `signal` aborts
 * (resolves), the connection fails (rejects; SocketRefused when it never opened) or a handler throws.
 */
export function watchOverSocket(
  path: string,
  token: string | undefined,
  handlers: SocketWatch,
  signal: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(socketUrl(path), watchProtocols(token));
    let open = false;
    const stop = (): void => ws.close(NORMAL_CLOSURE);
    const settle = (error?: Error): void => {
      signal.removeEventListener('abort', onAbort);
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => {
      stop();
      settle();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    ws.onopen = () => {
      open = true;
      handlers.opened();
    };
    ws.onmessage = (message: MessageEvent<unknown>) => {
      try {
        handlers.message(String(message.data));
      } catch (e) {
        stop();
        settle(e instanceof Error ? e : new Error(String(e)));
      }
    };
    ws.onclose = (event) => {
      if (!open) settle(new SocketRefused());
      else if (event.code === NORMAL_CLOSURE) settle();
      else settle(new Error(`the watch connection closed (${event.code})`));
    };
  });
}
