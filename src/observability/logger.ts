/**
 * The one logger. Warn and above take a metadata object and a fixed message:
 *   log.warn({ registry, err }, 'import failed')
 * An error is always logged whole as `err` (type, message, stack, causes), never as its message
 * alone (eslint refuses `err: e.message`). Credentials are redacted by path, whatever module logs
 * them, and scrubbed from every error's text (./error-serializer.ts).
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { serializeError } from './error-serializer.js';

const REDACTED_PATHS = [
  'password',
  'token',
  'auth',
  'authorization',
  'secret',
  'credentials',
  '*.password',
  '*.token',
  '*.auth',
  '*.authorization',
  '*.Authorization',
  '*.secret',
  '*.credentials',
  'headers.authorization',
  'headers.Authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  // a browser's WebSocket carries the bearer token as a subprotocol (websocket-upgrade.ts)
  'headers["sec-websocket-protocol"]',
  'req.headers["sec-websocket-protocol"]',
];

function level(): string {
  return process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
}

function options(): LoggerOptions {
  return {
    level: level(),
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
    base: { service: 'imagestreams' },
  };
}

/** A root logger with this module's options, writing to `destination` (stdout when omitted). */
export function createRootLogger(destination?: DestinationStream): Logger {
  return destination ? pino(options(), destination) : pino(options());
}

export const rootLogger: Logger = createRootLogger();

/** A child logger for one component: `logger('importer')`. */
export function logger(component: string): Logger {
  return rootLogger.child({ component });
}

export type { Logger };
