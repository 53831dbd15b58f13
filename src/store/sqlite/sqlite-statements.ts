/** The prepared statements of the SQLite store, compiled once per connection. */
import type { Database, Statement } from 'better-sqlite3';

export interface MetaRow {
  rv: number;
  compacted: number;
}

export interface ObjectRow {
  rv: number;
  namespace: string;
  name: string;
  json: string;
}

export interface EventRow {
  rv: number;
  kind: 'ADDED' | 'MODIFIED' | 'DELETED';
  type: string;
  namespace: string;
  name: string;
  object: string;
  previous: string | null;
}

export interface Statements {
  meta: Statement<[], MetaRow>;
  setMeta: Statement<[number, number]>;
  getObject: Statement<[string, string, string], { json: string }>;
  insertObject: Statement<[string, string, string, number, string]>;
  updateObject: Statement<[number, string, string, string, string]>;
  deleteObject: Statement<[string, string, string]>;
  insertEvent: Statement<[number, string, string, string, string, string, string | null]>;
  trimEvents: Statement<[number]>;
  /** rows of a type after a key, in key order */
  scanAll: Statement<[string, string, string], ObjectRow>;
  scanNamespace: Statement<[string, string, string], ObjectRow>;
  countAll: Statement<[string, string, string], { n: number }>;
  countNamespace: Statement<[string, string, string], { n: number }>;
  eventsAfter: Statement<[string, number], EventRow>;
  countObjects: Statement<[], { n: number }>;
}

export function prepareStatements(db: Database): Statements {
  return {
    meta: db.prepare('SELECT resource_version AS rv, compacted FROM meta WHERE id = 1'),
    setMeta: db.prepare('UPDATE meta SET resource_version = ?, compacted = ? WHERE id = 1'),
    getObject: db.prepare('SELECT json FROM objects WHERE type = ? AND namespace = ? AND name = ?'),
    insertObject: db.prepare(
      'INSERT INTO objects (type, namespace, name, resource_version, json) VALUES (?, ?, ?, ?, ?)',
    ),
    updateObject: db.prepare(
      'UPDATE objects SET resource_version = ?, json = ? WHERE type = ? AND namespace = ? AND name = ?',
    ),
    deleteObject: db.prepare('DELETE FROM objects WHERE type = ? AND namespace = ? AND name = ?'),
    insertEvent: db.prepare(
      'INSERT INTO events (rv, kind, type, namespace, name, object, previous) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    trimEvents: db.prepare('DELETE FROM events WHERE rv <= ?'),
    scanAll: db.prepare(
      'SELECT resource_version AS rv, namespace, name, json FROM objects WHERE type = ? AND (namespace, name) > (?, ?) ORDER BY namespace, name',
    ),
    scanNamespace: db.prepare(
      'SELECT resource_version AS rv, namespace, name, json FROM objects WHERE type = ? AND namespace = ? AND name > ? ORDER BY name',
    ),
    countAll: db.prepare('SELECT count(*) AS n FROM objects WHERE type = ? AND (namespace, name) > (?, ?)'),
    countNamespace: db.prepare(
      'SELECT count(*) AS n FROM objects WHERE type = ? AND namespace = ? AND name > ?',
    ),
    eventsAfter: db.prepare(
      'SELECT rv, kind, type, namespace, name, object, previous FROM events WHERE type = ? AND rv > ? ORDER BY rv',
    ),
    countObjects: db.prepare('SELECT count(*) AS n FROM objects'),
  };
}
