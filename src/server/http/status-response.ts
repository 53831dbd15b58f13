/**
 * The ONE translation point from a failure to the Kubernetes `Status` a client reads. A
 * StatusError is the user's fault or an expected condition and goes out as it is; fastify's own
 * client errors (body too large, bad JSON, unknown media type) get their Kubernetes reasons; any
 * other error is our bug: logged with its cause, answered as a bare 500 that leaks nothing.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  StatusError,
  StatusReason,
  isStatusError,
  statusObject,
  type Status,
} from '../../api/status-error.js';
import type { Logger } from '../../observability/logger.js';

const REASON_BY_CODE: Record<number, StatusReason> = {
  400: StatusReason.BadRequest,
  401: StatusReason.Unauthorized,
  403: StatusReason.Forbidden,
  404: StatusReason.NotFound,
  405: StatusReason.MethodNotAllowed,
  406: StatusReason.NotAcceptable,
  409: StatusReason.Conflict,
  410: StatusReason.Expired,
  413: StatusReason.RequestEntityTooLarge,
  415: StatusReason.UnsupportedMediaType,
  422: StatusReason.Invalid,
  429: StatusReason.TooManyRequests,
  503: StatusReason.ServiceUnavailable,
};

function fastifyClientError(error: FastifyError): StatusError | undefined {
  const code = error.statusCode;
  if (code === undefined || code < 400 || code >= 500) return undefined;
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new StatusError(
      413,
      StatusReason.RequestEntityTooLarge,
      'the request is too large: the body exceeds the size limit',
    );
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new StatusError(
      415,
      StatusReason.UnsupportedMediaType,
      'the body of the request was in an unknown format - accepted media types include: application/json, application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/vnd.kubernetes.protobuf',
    );
  }
  return new StatusError(code, REASON_BY_CODE[code] ?? StatusReason.BadRequest, error.message);
}

/** The StatusError a failure is answered with; `bug` is true when it was not a client error. */
export function toStatusError(error: unknown): { error: StatusError; bug: boolean } {
  if (isStatusError(error))
    return { error, bug: error.code >= 500 && error.reason === StatusReason.InternalError };
  if (error instanceof Error && 'statusCode' in error) {
    const client = fastifyClientError(error as FastifyError);
    if (client) return { error: client, bug: false };
  }
  return {
    error: new StatusError(
      500,
      StatusReason.InternalError,
      'Internal error occurred: the server failed to process the request (see the server log)',
    ),
    bug: true,
  };
}

export function statusBody(error: StatusError): Status {
  const status = error.toStatus();
  // an internal error's message may carry details of ours; the log has them, the client does not
  if (error.code === 500)
    status.message = 'Internal error occurred: the server failed to process the request (see the server log)';
  return status;
}

export function sendStatus(reply: FastifyReply, error: StatusError): FastifyReply {
  if (error.code === 401) reply.header('www-authenticate', 'Bearer realm="imagestreams"');
  const retry = error.details?.retryAfterSeconds;
  if (retry !== undefined) reply.header('retry-after', String(retry));
  return reply.code(error.code).type('application/json').send(statusBody(error));
}

export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const { error: status, bug } = toStatusError(error);
    if (bug)
      log.error(
        { err: error, method: request.method, url: request.routeOptions.url },
        'request failed with an internal error',
      );
    if (reply.raw.headersSent) {
      reply.raw.destroy();
      return;
    }
    return sendStatus(reply, status);
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    return sendStatus(
      reply,
      new StatusError(
        404,
        StatusReason.NotFound,
        `the server could not find the requested resource (${request.method} ${request.url.split('?')[0]})`,
      ),
    );
  });
}

/** metav1.Status for a successful operation without an object to return. */
export function successStatus(details: Status['details'], code = 200): Status {
  return statusObject(code, '', '', details);
}
