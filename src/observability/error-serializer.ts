/**
 * The logger's `err` serializer: pino's standard one (type, message with its causes, stack with
 * its causes, the error's own fields), then every string in it scrubbed of what would be a
 * credential wherever an error's text came from: the user and password of a URL, an
 * Authorization value, a secret-looking query parameter, a build webhook's secret path segment;
 * and every field whose name looks like a credential replaced. Pure.
 */
import { stdSerializers } from 'pino';

const REDACTED = '[redacted]';

/** field names whose values are credentials, at any depth of a logged error */
const SECRET_FIELD = /pass(word|wd)?$|token|secret|auth|cookie|credential|private.?key/i;

const TEXT_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // scheme://user:password@host -> scheme://[redacted]@host
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi, `$1${REDACTED}@`],
  // Authorization: Bearer abc / Basic abc
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g, `$1 ${REDACTED}`],
  // ?token=abc&access_token=… (names from DockerHub/Slack/Telegram-style URLs and presigned URLs)
  [
    /([?&][\w.-]*(?:token|secret|password|passwd|signature|sig|auth|key)[\w.-]*=)[^&\s#"'<>]+/gi,
    `$1${REDACTED}`,
  ],
  // /apis/…/buildconfigs/NAME/webhooks/SECRET/github
  [/(\/buildconfigs\/[^/?\s]+\/webhooks\/)[^/?\s]+/g, `$1${REDACTED}`],
];

export function scrubSecretText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
  return out;
}

const MAX_DEPTH = 6;

function scrubValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrubSecretText(value);
  if (value === null || typeof value !== 'object' || depth >= MAX_DEPTH) return value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) && v !== undefined && v !== null ? REDACTED : scrubValue(v, depth + 1);
  }
  return out;
}

/** pino's `err` serializer with credentials scrubbed; anything that is not an error passes as is. */
export function serializeError(err: unknown): unknown {
  if (typeof err === 'string') return scrubSecretText(err);
  const serialized: unknown = stdSerializers.err(err as Error);
  if (serialized === err || serialized === null || typeof serialized !== 'object') return serialized;
  return scrubValue(serialized, 0);
}
