/**
 * The SQLite Store: one file, one process. better-sqlite3 is synchronous, so every operation runs
 * to completion on this thread; that is what makes watch start-up race-free (sqlite-watch.ts).
 * Other processes may read the file, but only the process that opened the store sees its watches.
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { KubeObject } from '../../api/object.js';
import { internalError } from '../../api/status-error.js';
import { logger } from '../../observability/logger.js';
import { keyNamespace, typeKey } from '../object-key.js';
import type {
  ListOptions,
  ListResult,
  Preconditions,
  ResourceType,
  Store,
  StoreStats,
  WatchEvent,
  WatchOptions,
} from '../store.js';
import { WatchHub } from '../watch-hub.js';
import { readMeta, type SqliteContext } from './sqlite-context.js';
import { listObjects } from './sqlite-list.js';
import { initializeSchema } from './sqlite-schema.js';
import { prepareStatements } from './sqlite-statements.js';
import { watchObjects } from './sqlite-watch.js';
import { createObject, deleteObject, updateObject } from './sqlite-writes.js';

export interface SqliteStoreOptions {
  /** the database file, created with its directory if missing (':memory:' for a throw-away store) */
  path: string;
  /** changes kept for watch resumption and paged-list continuation (default 10,000) */
  eventHistory?: number;
  /** live events a watcher may fall behind before it is closed with 410 (default 10,000) */
  maxWatchBuffer?: number;
  /**
   * 'full' (default): an acknowledged write survives a crash of the process and of the machine.
   * 'normal': it survives a crash of the process; a power loss may lose the last commits
   * (docs/adr/0001-sqlite-store.md). For measurements and throw-away data.
   */
  durability?: 'full' | 'normal';
}

const log = logger('store');

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

class SqliteStore implements Store {
  private readonly ctx: SqliteContext;
  private readonly path: string;
  private closed = false;

  constructor(ctx: SqliteContext, path: string) {
    this.ctx = ctx;
    this.path = path;
  }

  private context(): SqliteContext {
    if (this.closed) throw internalError('the store is closed');
    return this.ctx;
  }

  async get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined> {
    const row = this.context().st.getObject.get(typeKey(type), keyNamespace(type, namespace), name);
    return row ? (JSON.parse(row.json) as KubeObject) : undefined;
  }

  async list(type: ResourceType, options?: ListOptions): Promise<ListResult> {
    return listObjects(this.context(), type, options);
  }

  async create(type: ResourceType, object: KubeObject): Promise<KubeObject> {
    return createObject(this.context(), type, object);
  }

  async update(type: ResourceType, object: KubeObject, preconditions?: Preconditions): Promise<KubeObject> {
    return updateObject(this.context(), type, object, preconditions);
  }

  async delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    preconditions?: Preconditions,
  ): Promise<KubeObject> {
    return deleteObject(this.context(), type, namespace, name, preconditions);
  }

  watch(type: ResourceType, options: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent> {
    return watchObjects(this.context(), type, options, signal);
  }

  async currentResourceVersion(): Promise<string> {
    return String(readMeta(this.context()).rv);
  }

  async stats(): Promise<StoreStats> {
    const objects = this.context().st.countObjects.get()?.n ?? 0;
    return { objects, bytes: fileSize(this.path) + fileSize(`${this.path}-wal`) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ctx.hub.close();
    this.ctx.db.close();
  }
}

/** Opens (creating if needed) the SQLite store at options.path. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const eventHistory = options.eventHistory ?? 10_000;
  if (!Number.isInteger(eventHistory) || eventHistory < 1) {
    throw new Error(`eventHistory must be a positive integer, got ${eventHistory}`);
  }
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  try {
    initializeSchema(db, options.durability ?? 'full');
    const runner = db.transaction((fn: () => unknown) => fn());
    const ctx: SqliteContext = {
      db,
      st: prepareStatements(db),
      hub: new WatchHub({ maxBuffered: options.maxWatchBuffer ?? 10_000 }),
      eventHistory,
      immediate: <T>(fn: () => T) => runner.immediate(fn) as T,
      read: <T>(fn: () => T) => runner.deferred(fn) as T,
    };
    const meta = readMeta(ctx);
    log.info({ path: options.path, resourceVersion: meta.rv, eventHistory }, 'sqlite store opened');
    return new SqliteStore(ctx, options.path);
  } catch (error) {
    db.close();
    throw new Error(`cannot open the SQLite store at ${options.path}`, { cause: error });
  }
}
