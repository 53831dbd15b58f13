/**
 * Backup and restore of a SQLite store file. A backup is SQLite's online backup (better-sqlite3
 * `.backup()`): consistent while a server writes, and it carries the store's id. A restore checks
 * the backup (quick_check, a store of ours, the same store as the identity beside the target),
 * refuses while a process has the target open, and replaces the target by rename.
 */
import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from './sqlite-schema.js';
import { damagedStore, isCorruptionError, quickCheck } from './sqlite-damage.js';
import {
  fsyncPath,
  identityPath,
  readDatabaseId,
  readIdentityFile,
  writeIdentityFile,
} from './store-identity.js';

export interface StoreFileSummary {
  id: string | undefined;
  resourceVersion: number;
  objects: number;
}

class BackupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupError';
  }
}

/** Checks a store file and says what it holds; throws when it is damaged or not a store of ours. */
function inspectStoreFile(path: string): StoreFileSummary {
  if ((statSync(path, { throwIfNoEntry: false })?.size ?? 0) === 0)
    throw new BackupError(`${path} is missing or empty: it is not a store file`);
  const db = new Database(path, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    const problems = quickCheck(db);
    if (problems.length > 0) throw damagedStore(path, `PRAGMA quick_check found: ${problems.join('; ')}`);
    const meta = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get();
    if (!meta)
      throw new BackupError(`${path} is an SQLite file but not an image streams store (no meta table)`);
    const row = db
      .prepare('SELECT schema_version AS v, resource_version AS rv FROM meta WHERE id = 1')
      .get() as { v: number; rv: number } | undefined;
    if (!row || row.v > SCHEMA_VERSION)
      throw new BackupError(
        `${path} has store schema version ${row?.v ?? 'none'}; this program knows ${SCHEMA_VERSION}`,
      );
    const objects = (db.prepare('SELECT count(*) AS n FROM objects').get() as { n: number }).n;
    return { id: readDatabaseId(db), resourceVersion: row.rv, objects };
  } catch (error) {
    if (isCorruptionError(error))
      throw damagedStore(path, `${(error as { code: string }).code}: ${(error as Error).message}`, error);
    throw error;
  } finally {
    db.close();
  }
}

/** Copies `from` (a live store: the server may be writing) into `to`, atomically. */
export async function backupStoreFile(from: string, to: string): Promise<StoreFileSummary> {
  if ((statSync(from, { throwIfNoEntry: false })?.size ?? 0) === 0)
    throw new BackupError(`the store file ${from} is missing or empty: nothing to back up`);
  const tmp = `${to}.${process.pid}.tmp`;
  const db = new Database(from, { readonly: true, fileMustExist: true, timeout: 5_000 });
  try {
    await db.backup(tmp);
  } catch (error) {
    rmSync(tmp, { force: true });
    if (isCorruptionError(error))
      throw damagedStore(from, `${(error as { code: string }).code}: ${(error as Error).message}`, error);
    throw error;
  } finally {
    db.close();
  }
  try {
    // a copy of a damaged file is no backup: it must not replace a good one
    const summary = inspectStoreFile(tmp);
    fsyncPath(tmp);
    renameSync(tmp, to);
    fsyncPath(dirname(to));
    return summary;
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** True when another connection (a running server) has the file open: it holds a shared lock. */
function isStoreInUse(path: string): boolean {
  if (statSync(path, { throwIfNoEntry: false }) === undefined) return false;
  const db = new Database(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec('COMMIT');
    return false;
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return true;
    // a damaged target is what a restore is for
    return false;
  } finally {
    db.close();
  }
}

export interface RestoreOptions {
  /** restore although the backup is of another store than the identity beside the target */
  force?: boolean;
}

function checkSameStore(target: string, backup: StoreFileSummary, force: boolean): void {
  let current;
  try {
    current = readIdentityFile(target);
  } catch {
    current = undefined; // an unreadable identity is replaced by the backup's
  }
  if (!current || force || backup.id === undefined || current.id === backup.id) return;
  throw new BackupError(
    `the backup is of store ${backup.id}, but ${identityPath(target)} names store ${current.id}: ` +
      'it is another store’s backup. Pass --force to restore it anyway.',
  );
}

/** Replaces the store file `target` with the backup `from`. */
export async function restoreStoreFile(
  from: string,
  target: string,
  options: RestoreOptions = {},
): Promise<StoreFileSummary> {
  const summary = inspectStoreFile(from);
  checkSameStore(target, summary, options.force ?? false);
  if (isStoreInUse(target))
    throw new BackupError(`the store file ${target} is in use (a server has it open): stop the server first`);
  const tmp = `${target}.restore-${process.pid}.tmp`;
  // the whole data directory may be gone (a new machine): the backup is all there is
  mkdirSync(dirname(target), { recursive: true });
  const source = new Database(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(tmp);
  } finally {
    source.close();
  }
  try {
    inspectStoreFile(tmp);
    fsyncPath(tmp);
    // the old file's WAL would be replayed into the restored file: it goes first
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    renameSync(tmp, target);
    fsyncPath(dirname(target));
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  if (summary.id !== undefined)
    writeIdentityFile(target, {
      id: summary.id,
      resourceVersion: summary.resourceVersion,
      objects: summary.objects,
      hasHeldData: summary.resourceVersion > 0,
    });
  else rmSync(identityPath(target), { force: true });
  return summary;
}
