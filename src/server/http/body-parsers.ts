/**
 * Request bodies: JSON, the JSON patch media types and Kubernetes protobuf (which kubectl sends
 * for built-in kinds; decoded to the same JSON form). Server-side apply bodies are read (so the
 * handler can answer 415 with the Kubernetes message) but never parsed; anything else is 415.
 */
import type { FastifyInstance } from 'fastify';
import { StatusError, StatusReason } from '../../api/status-error.js';
import { PatchType } from './patch.js';
import { PROTOBUF_MEDIA_TYPE, decodeKubeProtobuf } from './protobuf/decode-protobuf.js';

const JSON_TYPES = ['application/json', PatchType.Merge, PatchType.Json, PatchType.Strategic];

export function parseJsonBody(body: string): unknown {
  if (body.trim() === '') return undefined;
  try {
    // `__proto__` keys would change an object's prototype when merged (prototype poisoning)
    return JSON.parse(body, (key, value: unknown) => (key === '__proto__' ? undefined : value)) as unknown;
  } catch (e) {
    throw new StatusError(
      400,
      StatusReason.BadRequest,
      `the request body is not valid JSON: ${jsonErrorKind(e)}`,
    );
  }
}

/**
 * What is wrong, without the excerpt of the body that V8's messages quote: a body may carry a
 * Secret's data, which must not come back in an error or reach a log through its cause.
 */
function jsonErrorKind(e: unknown): string {
  const message = e instanceof Error ? e.message : '';
  if (/end of (JSON )?input/i.test(message)) return 'unexpected end of input';
  const position = /position (\d+)/.exec(message)?.[1];
  return position === undefined ? 'unexpected token' : `unexpected token at position ${position}`;
}

export function installBodyParsers(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(JSON_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addContentTypeParser(PROTOBUF_MEDIA_TYPE, { parseAs: 'buffer' }, (_request, body, done) => {
    try {
      done(null, decodeKubeProtobuf(body as Buffer));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addContentTypeParser(PatchType.Apply, { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
}
