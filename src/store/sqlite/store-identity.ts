/**
 * The identity of a SQLite store, kept in two places: inside the database (table
 * `store_identity`, so a backup carries it) and beside it in `FILE.identity` (JSON, replaced
 * atomically), which outlives the database file: when the file is lost, truncated or replaced,
 * the identity still says what it held, and the server refuses to start on the wrong data.
 */
import { randomUUID } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';

const IDENTITY_KIND = 'ImageStreamsStoreIdentity';

export const StoreIdentitySchema = z.object({
  kind: z.literal(IDENTITY_KIND),
  /** the store's id, the same in the database and beside it */
  id: z.string().min(1),
  /** the store-wide resourceVersion when last written; > 0 once the store has held data */
  resourceVersion: z.number().int().nonnegative(),
  /** objects in the store when last written */
  objects: z.number().int().nonnegative(),
  /** true once any object was stored: an empty file then means lost data */
  hasHeldData: z.boolean(),
  updated: z.string(),
});
export type StoreIdentity = z.infer<typeof StoreIdentitySchema>;

export const identityPath = (dbPath: string): string => `${dbPath}.identity`;

/** The identity file beside the database; undefined when there is none. Throws when it is unreadable. */
export function readIdentityFile(dbPath: string): StoreIdentity | undefined {
  let text: string;
  try {
    text = readFileSync(identityPath(dbPath), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = StoreIdentitySchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `the store identity file ${identityPath(dbPath)} is not valid: ${parsed.error.issues[0]?.message ?? 'not JSON'}; ` +
        'restore it with the store from a backup (isctl restore), or remove it to accept the database as it is',
    );
  return parsed.data;
}

/** fsync a file or a directory (after a rename into it) */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes the identity file atomically: a temp file, fsync, rename, fsync of the directory. */
export function writeIdentityFile(dbPath: string, identity: Omit<StoreIdentity, 'kind' | 'updated'>): void {
  const target = identityPath(dbPath);
  const tmp = `${target}.${process.pid}.tmp`;
  const body: StoreIdentity = { kind: IDENTITY_KIND, ...identity, updated: new Date().toISOString() };
  writeFileSync(tmp, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
  fsyncPath(tmp);
  renameSync(tmp, target);
  fsyncPath(dirname(target));
}

const DDL = `CREATE TABLE IF NOT EXISTS store_identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  store_id TEXT NOT NULL
)`;

/** The id recorded inside the database, or undefined (a file from before identities, or a new one). */
export function readDatabaseId(db: Database): string | undefined {
  const table = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'store_identity'")
    .get();
  if (!table) return undefined;
  const row = db.prepare('SELECT store_id AS id FROM store_identity WHERE id = 1').get() as
    { id: string } | undefined;
  return row?.id;
}

/** The database's id, recording `preferred` (or a new one) when it has none yet. */
export function ensureDatabaseId(db: Database, preferred: string | undefined): string {
  const existing = readDatabaseId(db);
  if (existing) return existing;
  const id = preferred ?? randomUUID();
  db.exec(DDL);
  db.prepare('INSERT OR IGNORE INTO store_identity (id, store_id) VALUES (1, ?)').run(id);
  return readDatabaseId(db) ?? id;
}
