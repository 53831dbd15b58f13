/**
 * The checks that keep a server from starting on the wrong data: before the file is opened (a
 * lost, truncated or replaced database whose identity says it held data; a 0-byte file beside
 * a WAL) and after (quick_check, the id inside the file against the identity beside it).
 * `acceptEmptyStore` lets an operator start on an empty store on purpose.
 */
import { statSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import { ensureDatabaseId, writeIdentityFile } from './store-identity.js';
import { StoreRefusedError, damagedStore, isCorruptionError, quickCheck, whatToDo } from './sqlite-damage.js';
import { identityPath, type StoreIdentity } from './store-identity.js';

export interface FileState {
  /** size of the database file; undefined when it does not exist */
  size: number | undefined;
  /** a -wal or -shm file beside it (with something in it) */
  walOrShm: boolean;
}

function sizeOf(path: string): number | undefined {
  try {
    return statSync(path).size;
  } catch {
    return undefined;
  }
}

export function fileState(dbPath: string): FileState {
  const wal = sizeOf(`${dbPath}-wal`) ?? 0;
  const shm = sizeOf(`${dbPath}-shm`) ?? 0;
  return { size: sizeOf(dbPath), walOrShm: wal > 0 || shm > 0 };
}

const OVERRIDE =
  'To start with an empty store on purpose instead, run the server once with --accept-empty-store.';

function held(identity: StoreIdentity): string {
  return `${identity.objects} objects at resourceVersion ${identity.resourceVersion} (store id ${identity.id})`;
}

/** Throws when the file on disk cannot be the store the identity describes. */
export function checkBeforeOpen(dbPath: string, state: FileState, identity: StoreIdentity | undefined): void {
  const refuse = (what: string): never => {
    throw new StoreRefusedError(
      `refusing to open the SQLite store ${dbPath}: ${what}. ${whatToDo(dbPath)} ${OVERRIDE}`,
    );
  };
  const empty = state.size === undefined || state.size === 0;
  if (identity?.hasHeldData && empty) {
    const file = state.size === undefined ? 'is missing' : 'is empty (0 bytes)';
    refuse(`the database file ${file}, but ${identityPath(dbPath)} says it held ${held(identity)}`);
  }
  if (identity) return;
  if (state.size === 0)
    refuse(
      `the database file is empty (0 bytes)${state.walOrShm ? ' while a -wal/-shm file lies beside it' : ''} and has no identity file: it was truncated or never written`,
    );
  if (state.size === undefined && state.walOrShm)
    refuse('the database file is missing but its -wal/-shm file is there: the database was lost');
}

/** After opening: the file is sound, and is the store its identity describes. */
function checkAfterOpen(
  db: Database,
  dbPath: string,
  identity: StoreIdentity | undefined,
  current: { id: string; resourceVersion: number },
): void {
  const problems = quickCheck(db);
  if (problems.length > 0) throw damagedStore(dbPath, `PRAGMA quick_check found: ${problems.join('; ')}`);
  if (!identity) return;
  if (identity.id !== current.id)
    throw new StoreRefusedError(
      `refusing to open the SQLite store ${dbPath}: the database is store ${current.id}, but ${identityPath(dbPath)} names store ${identity.id}: the file was replaced by another store's. ${whatToDo(dbPath)} ${OVERRIDE}`,
    );
  if (identity.hasHeldData && current.resourceVersion === 0)
    throw new StoreRefusedError(
      `refusing to open the SQLite store ${dbPath}: the database is empty, but ${identityPath(dbPath)} says it held ${held(identity)}. ${whatToDo(dbPath)} ${OVERRIDE}`,
    );
}

export interface Opened {
  id: string | undefined;
  heldData: boolean;
}

/** Before and after opening a file store: the guards of store-guard.ts; the identity recorded. */
export function checkFileStore(
  db: Database,
  path: string,
  identity: StoreIdentity | undefined,
  options: { acceptEmptyStore?: boolean },
): Opened {
  const quick = db.prepare('SELECT resource_version AS rv FROM meta WHERE id = 1');
  const rv = (quick.get() as { rv: number } | undefined)?.rv ?? 0;
  const id = ensureDatabaseId(db, identity?.id);
  if (options.acceptEmptyStore && rv === 0) {
    // begin anew: the old identity described data that is gone on purpose
    writeIdentityFile(path, { id, resourceVersion: 0, objects: 0, hasHeldData: false });
    return { id, heldData: false };
  }
  checkAfterOpen(db, path, options.acceptEmptyStore ? undefined : identity, { id, resourceVersion: rv });
  return { id, heldData: rv > 0 || (identity?.hasHeldData ?? false) };
}

export function openFailure(path: string, error: unknown): Error {
  if (error instanceof StoreRefusedError) return error;
  if (isCorruptionError(error))
    return damagedStore(path, `${(error as { code: string }).code}: ${(error as Error).message}`, error);
  const detail = error instanceof Error ? error.message : String(error);
  return new Error(`cannot open the SQLite store at ${path}: ${detail}`, { cause: error });
}
