/** What the parts of the SQLite store share: the connection, its statements and the watch hub. */
import type { Database } from 'better-sqlite3';
import type { WatchHub } from '../watch-hub.js';
import type { MetaRow, Statements } from './sqlite-statements.js';

export interface SqliteContext {
  db: Database;
  st: Statements;
  hub: WatchHub;
  /** runs fn in one BEGIN IMMEDIATE transaction (committed on return, rolled back on throw) */
  immediate<T>(fn: () => T): T;
  /** runs fn in one read transaction: every statement sees the same snapshot */
  read<T>(fn: () => T): T;
  /** how many events are kept for watch resumption and list continuation */
  eventHistory: number;
}

export function readMeta(ctx: SqliteContext): MetaRow {
  const meta = ctx.st.meta.get();
  if (!meta) throw new Error('store file has no meta row: it was not created by this program');
  return meta;
}
