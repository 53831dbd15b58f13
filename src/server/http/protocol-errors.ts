/**
 * Errors found before a request reaches a route, answered as Kubernetes `Status` objects like
 * every other error: the HTTP parser's (headers too large, a malformed header or request line,
 * a client too slow) and the router's (a URL whose percent-encoding does not decode).
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StatusError, StatusReason } from '../../api/status-error.js';
import { sendStatus, statusBody, toStatusError } from './status-response.js';

/** The parser's error for one client error code (Node's llhttp codes). */
function parserStatus(code: string | undefined): StatusError {
  if (code === 'HPE_HEADER_OVERFLOW')
    return new StatusError(
      431,
      'RequestHeaderFieldsTooLarge',
      `the request's headers are too large: at most ${http.maxHeaderSize} bytes`,
    );
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return new StatusError(408, StatusReason.Timeout, 'the request was not received in time');
  return new StatusError(
    400,
    StatusReason.BadRequest,
    `the request is not valid HTTP/1.1 (${code ?? 'malformed request'})`,
  );
}

/** Answers `status` on a socket no HTTP response owns (a parser error, a refused upgrade). */
export function writeStatus(socket: Duplex, status: StatusError): void {
  const body = JSON.stringify(statusBody(status));
  if (!socket.writable) return;
  socket.write(
    `HTTP/1.1 ${status.code} ${http.STATUS_CODES[status.code] ?? ''}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/** fastify's clientErrorHandler: the answer is written to the socket, which is then closed. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  writeStatus(socket, parserStatus(error.code));
  socket.destroy(error);
}

/** fastify's frameworkErrors: the router's errors (FST_ERR_BAD_URL, …) as Status objects. */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  if (error.code === 'FST_ERR_BAD_URL')
    return sendStatus(
      reply,
      new StatusError(
        400,
        StatusReason.BadRequest,
        `the request URL is not valid: its percent-encoding does not decode (${request.method} ${request.url.split('?')[0] ?? ''})`,
      ),
    );
  return sendStatus(reply, toStatusError(error).error);
}

/**
 * While the server closes, new requests get a 503 Status (fastify's own 503 is not one; the
 * option `return503OnClosing` is off for this). The connection closes after the answer.
 */
export function installClosingAnswer(app: FastifyInstance, closing: AbortSignal): void {
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing.aborted) return;
    reply.header('connection', 'close');
    return sendStatus(
      reply,
      new StatusError(503, StatusReason.ServiceUnavailable, 'the server is shutting down'),
    );
  });
}
