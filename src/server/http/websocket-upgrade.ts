/**
 * WebSocket watches, as kube-apiserver serves them. A request with `Upgrade: websocket` goes
 * through the same hooks (authentication, the closing answer, metrics) and route as any other
 * (dispatched as @fastify/websocket does), and the watch route answers 101 only where it would
 * have answered 200: a missing token, a refused grant, an unknown path or too many watches are
 * plain HTTP statuses, which a browser sees as a failed handshake. (@fastify/websocket itself
 * upgrades before a route's handler runs, so those would have to be sent after the 101, and the
 * watch route would be split in two.)
 *
 * Browsers cannot set Authorization on a WebSocket, so the bearer token may come as the
 * subprotocol `base64url.bearer.authorization.k8s.io.<base64url token>`, as kube's protocol
 * authenticator takes it: it becomes the request's Authorization (unless one was sent) and is
 * taken out of the offered subprotocols, so it is never echoed nor logged. A browser fails a
 * handshake whose offered subprotocols get no answer, so the first other one offered is echoed
 * (clients offer `base64.binary.k8s.io`); watch frames are JSON text messages whatever it says,
 * as kube-apiserver's.
 */
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import { unauthorized } from '../../api/status-error.js';
import { writeStatus } from './protocol-errors.js';

const BEARER_PROTOCOL_PREFIX = 'base64url.bearer.authorization.k8s.io.';
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** a watch client sends nothing but control frames */
const MAX_CLIENT_MESSAGE_BYTES = 4096;

interface PendingUpgrade {
  socket: Duplex;
  head: Buffer;
  server: WebSocketServer;
}

const pending = new WeakMap<IncomingMessage, PendingUpgrade>();

interface OfferedProtocols {
  /** the offered subprotocols but the token */
  protocols: string[];
  /** the decoded bearer token; '' when the protocol carried none or an invalid encoding */
  token?: string;
}

/** Splits `Sec-WebSocket-Protocol` into the bearer token and the other subprotocols. */
export function takeBearerProtocol(header: string | undefined): OfferedProtocols {
  const offered = (header ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const bearer = offered.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
  const protocols = offered.filter((p) => !p.startsWith(BEARER_PROTOCOL_PREFIX));
  if (bearer === undefined) return { protocols };
  const encoded = bearer.slice(BEARER_PROTOCOL_PREFIX.length);
  const token = BASE64URL.test(encoded) ? Buffer.from(encoded, 'base64url').toString('utf8') : '';
  return { protocols, token: /^[\x21-\x7e]+$/.test(token) ? token : '' };
}

function destroyOnError(this: Duplex): void {
  this.destroy();
}

function onUpgrade(app: FastifyInstance, server: WebSocketServer) {
  return (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node removes its own error listener before emitting 'upgrade'
    socket.on('error', destroyOnError);
    const offered = takeBearerProtocol(request.headers['sec-websocket-protocol']);
    if (offered.token === '') {
      writeStatus(socket, unauthorized('the bearer token subprotocol does not carry a base64url token'));
      socket.destroy();
      return;
    }
    if (offered.token !== undefined && !request.headers.authorization)
      request.headers.authorization = `Bearer ${offered.token}`;
    if (offered.protocols.length > 0)
      request.headers['sec-websocket-protocol'] = offered.protocols.join(', ');
    else delete request.headers['sec-websocket-protocol'];
    pending.set(request, { socket, head, server });
    const response = new ServerResponse(request);
    response.assignSocket(socket as Socket);
    // any answer but the upgrade (an error, a route that serves no WebSocket) ends the connection
    response.on('finish', () => socket.end());
    app.routing(request, response);
  };
}

/** Serves WebSocket upgrades of the server's requests (the watch route accepts them). */
export function installWebSocketUpgrade(app: FastifyInstance): void {
  const server = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: MAX_CLIENT_MESSAGE_BYTES,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  });
  const listener = onUpgrade(app, server);
  app.server.on('upgrade', listener);
  app.addHook('preClose', (done) => {
    app.server.off('upgrade', listener);
    done();
  });
}

/** The request asks for a WebSocket (and has not got one yet). */
export function isWebSocketUpgrade(request: FastifyRequest): boolean {
  return pending.has(request.raw);
}

/** Completes the handshake; rejects when it fails (ws has then answered 400 and closed). */
export function acceptWebSocket(request: FastifyRequest): Promise<WebSocket> {
  const upgrade = pending.get(request.raw);
  if (!upgrade) return Promise.reject(new Error('the request asks for no WebSocket'));
  pending.delete(request.raw);
  const { socket, head, server } = upgrade;
  return new Promise((resolve, reject) => {
    const onClose = (): void => reject(new Error('the WebSocket handshake failed'));
    socket.once('close', onClose);
    // ws installs its own error listener on the socket
    socket.off('error', destroyOnError);
    server.handleUpgrade(request.raw, socket, head, (ws) => {
      socket.off('close', onClose);
      resolve(ws);
    });
  });
}
