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
import { damageCause, damagedStore } from './sqlite-damage.js';
import { checkBeforeOpen, checkFileStore, fileState, openFailure } from './store-guard.js';
import { readIdentityFile, writeIdentityFile, type StoreIdentity } from './store-identity.js';

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
  /**
   * Open even when the file is empty or missing although its identity says it held data, or is
   * 0 bytes without an identity (docs/operations.md). The identity then starts anew.
   */
  acceptEmptyStore?: boolean;
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
  private readonly id: string | undefined;
  private heldData: boolean;
  private closed = false;
  private damage: string | undefined;

  constructor(ctx: SqliteContext, path: string, id: string | undefined, heldData: boolean) {
    this.ctx = ctx;
    this.path = path;
    this.id = id;
    this.heldData = heldData;
  }

  private context(): SqliteContext {
    if (this.closed) throw internalError('the store is closed');
    return this.ctx;
  }

  /** A damaged file is remembered (readiness fails with the cause); the error goes on to the caller. */
  private noteDamage(error: unknown): void {
    const cause = damageCause(error);
    if (cause === undefined || this.damage !== undefined) return;
    this.damage = damagedStore(this.path, cause).message;
    log.error({ err: error, path: this.path }, 'the SQLite store is damaged');
  }

  /** Runs one operation, noting damage. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      this.noteDamage(error);
      throw error;
    }
  }

  damaged(): string | undefined {
    return this.damage;
  }

  /** The identity beside the file, rewritten when the store first holds data and on close. */
  private recordIdentity(): void {
    if (this.id === undefined) return;
    const rv = readMeta(this.ctx).rv;
    const objects = this.ctx.st.countObjects.get()?.n ?? 0;
    this.heldData ||= rv > 0;
    writeIdentityFile(this.path, { id: this.id, resourceVersion: rv, objects, hasHeldData: this.heldData });
  }

  /** Records the identity as the file is now (a new store's, or the counts of an existing one). */
  afterOpen(): void {
    this.recordIdentity();
  }

  private afterWrite(): void {
    if (this.heldData) return;
    try {
      this.recordIdentity();
    } catch (err) {
      log.error({ err, path: this.path }, 'cannot write the store identity file');
    }
  }

  async get<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    const ctx = this.context();
    const row = this.guard(() => ctx.st.getObject.get(typeKey(type), keyNamespace(type, namespace), name));
    return row ? (JSON.parse(row.json) as T) : undefined;
  }

  async list<T extends KubeObject>(type: ResourceType<T>, options?: ListOptions): Promise<ListResult<T>> {
    const ctx = this.context();
    return this.guard(() => listObjects(ctx, type, options)) as ListResult<T>;
  }

  async create<T extends KubeObject>(type: ResourceType<T>, object: KubeObject): Promise<T> {
    const ctx = this.context();
    const out = this.guard(() => createObject(ctx, type, object) as T);
    this.afterWrite();
    return out;
  }

  async update<T extends KubeObject>(
    type: ResourceType<T>,
    object: KubeObject,
    preconditions?: Preconditions,
  ): Promise<T> {
    const ctx = this.context();
    return this.guard(() => updateObject(ctx, type, object, preconditions) as T);
  }

  async delete<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
    preconditions?: Preconditions,
  ): Promise<T> {
    const ctx = this.context();
    return this.guard(() => deleteObject(ctx, type, namespace, name, preconditions) as T);
  }

  watch<T extends KubeObject>(
    type: ResourceType<T>,
    options: WatchOptions,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent<T>> {
    const events = watchObjects(this.context(), type, options, signal) as AsyncIterable<WatchEvent<T>>;
    const noteDamage = (error: unknown): void => this.noteDamage(error);
    return {
      async *[Symbol.asyncIterator]() {
        try {
          yield* events;
        } catch (error) {
          noteDamage(error);
          throw error;
        }
      },
    };
  }

  async currentResourceVersion(): Promise<string> {
    const ctx = this.context();
    return String(this.guard(() => readMeta(ctx).rv));
  }

  async stats(): Promise<StoreStats> {
    const ctx = this.context();
    const objects = this.guard(() => ctx.st.countObjects.get()?.n ?? 0);
    return { objects, bytes: fileSize(this.path) + fileSize(`${this.path}-wal`) };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ctx.hub.close();
    try {
      if (this.damage === undefined) this.recordIdentity();
    } catch (err) {
      log.error({ err, path: this.path }, 'cannot write the store identity file');
    }
    this.ctx.db.close();
  }
}

/** Opens (creating if needed) the SQLite store at options.path. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<Store> {
  const eventHistory = options.eventHistory ?? 10_000;
  if (!Number.isInteger(eventHistory) || eventHistory < 1) {
    throw new Error(`eventHistory must be a positive integer, got ${eventHistory}`);
  }
  const onDisk = options.path !== ':memory:';
  let identity: StoreIdentity | undefined;
  if (onDisk) {
    mkdirSync(dirname(options.path), { recursive: true });
    identity = readIdentityFile(options.path);
    if (!options.acceptEmptyStore) checkBeforeOpen(options.path, fileState(options.path), identity);
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(options.path);
    initializeSchema(db, options.durability ?? 'full');
    const opened = onDisk
      ? checkFileStore(db, options.path, identity, options)
      : { id: undefined, heldData: false };
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
    const store = new SqliteStore(ctx, options.path, opened.id, opened.heldData);
    if (opened.id !== undefined) store.afterOpen();
    return store;
  } catch (error) {
    db?.close();
    throw openFailure(options.path, error);
  }
}
