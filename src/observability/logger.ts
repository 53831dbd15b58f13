/**
 * The one logger. Warn and above take a metadata object and a fixed message:
 *   log.warn({ registry, err }, 'import failed')
 * Credentials are redacted by path, whatever module logs them.
 */
import { pino, type Logger } from 'pino';

export const REDACTED_PATHS = [
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
];

function level(): string {
  return process.env.LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
}

export const rootLogger: Logger = pino({
  level: level(),
  redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  base: { service: 'imagestreams' },
});

/** A child logger for one component: `logger('importer')`. */
export function logger(component: string): Logger {
  return rootLogger.child({ component });
}

export type { Logger };
