/**
 * The SQLite file layout:
 * - meta: one row holding the store-wide resourceVersion counter and the compaction point of the
 *   event history (the newest resourceVersion whose event has been dropped);
 * - objects: the current state, one JSON document per (type, namespace, name);
 * - events: the last N changes, for watch resumption and consistent continuation of paged lists.
 *
 * Durability: WAL with synchronous=FULL, so a write acknowledged to the caller survives a crash of
 * the process and of the machine (docs/adr/0001-sqlite-store.md).
 */
import type { Database } from 'better-sqlite3';

export const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  schema_version INTEGER NOT NULL,
  resource_version INTEGER NOT NULL,
  compacted INTEGER NOT NULL
);
INSERT OR IGNORE INTO meta (id, schema_version, resource_version, compacted) VALUES (1, ${SCHEMA_VERSION}, 0, 0);
CREATE TABLE IF NOT EXISTS objects (
  type TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  resource_version INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS objects_key ON objects (type, namespace, name);
CREATE TABLE IF NOT EXISTS events (
  rv INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('ADDED', 'MODIFIED', 'DELETED')),
  type TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  object TEXT NOT NULL,
  previous TEXT
);
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, rv);
`;

/** Sets the connection's pragmas and creates the tables; fails on a file from a newer schema. */
export function initializeSchema(db: Database, durability: 'full' | 'normal'): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && !db.memory) {
    throw new Error(`the file system refused WAL mode (journal_mode is ${String(mode)})`);
  }
  db.pragma(durability === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // another process holding the write lock briefly (a migration, a backup) is waited for, not an error
  db.pragma('busy_timeout = 5000');
  db.exec(DDL);
  const row = db.prepare('SELECT schema_version AS v FROM meta WHERE id = 1').get() as
    { v: number } | undefined;
  if (!row || row.v > SCHEMA_VERSION) {
    throw new Error(
      `store file has schema version ${row?.v ?? 'none'}; this program knows version ${SCHEMA_VERSION}`,
    );
  }
}
