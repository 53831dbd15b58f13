/**
 * A damaged SQLite file: how it is recognised (SQLITE_CORRUPT*, SQLITE_NOTADB; a failing
 * `PRAGMA quick_check`) and what the operator is told to do about it.
 */
import type { Database } from 'better-sqlite3';

const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/;

/** True when the error says the file itself is damaged (not busy, not full, not a bug of ours). */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DAMAGE_CODES.test(code);
}

/** The problems `PRAGMA quick_check` finds (at most `max` lines); empty when the file is sound. */
export function quickCheck(db: Database, max = 5): string[] {
  const rows = db.pragma(`quick_check(${max})`) as { quick_check: string }[];
  // one row may hold several lines ("*** in database main ***\nTree 3 page 3: …")
  const lines = rows.flatMap((r) => r.quick_check.split('\n')).filter((l) => l !== '');
  if (lines.length === 1 && lines[0] === 'ok') return [];
  return lines.filter((l) => !l.startsWith('*** in database')).slice(0, max);
}

/** What to do, for every message that refuses a store. */
export function whatToDo(dbPath: string): string {
  return (
    `To recover: stop every server on it, then restore a backup with ` +
    `\`isctl restore BACKUP_FILE --store sqlite://${dbPath}\` (see docs/operations.md).`
  );
}

/** The store cannot be used as it is; the message says why and what to do. */
export class StoreRefusedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreRefusedError';
  }
}

export function damagedStore(dbPath: string, cause: string, error?: unknown): StoreRefusedError {
  return new StoreRefusedError(
    `the SQLite store ${dbPath} is damaged: ${cause}. ${whatToDo(dbPath)}`,
    error === undefined ? undefined : { cause: error },
  );
}

/** Why an error means a damaged file: SQLite's corruption codes, or a stored row that is not JSON. */
export function damageCause(error: unknown): string | undefined {
  if (isCorruptionError(error)) return `${(error as { code: string }).code}: ${(error as Error).message}`;
  // every row was written with JSON.stringify: one that does not parse was damaged on disk
  if (error instanceof SyntaxError) return `a stored object is not valid JSON (${error.message})`;
  return undefined;
}
