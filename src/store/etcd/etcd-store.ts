/**
 * The etcd v3 Store: several API replicas share one etcd. resourceVersion is etcd's mod revision,
 * writes are compare-and-swap transactions (etcd-writes.ts), lists read one revision and page
 * with continue tokens (etcd-list.ts), watches resume from a revision and map compaction to 410
 * (etcd-watch.ts). A compactor (etcd-compactor.ts) keeps etcd's history bounded.
 */
import type { KubeObject } from '../../api/object.js';
import { internalError } from '../../api/status-error.js';
import { logger } from '../../observability/logger.js';
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
import { createEtcdClient, DEFAULT_PREFIX, type EtcdTls } from './etcd-client.js';
import { decodeObject } from './etcd-codec.js';
import { startCompactor, type Compactor } from './etcd-compactor.js';
import type { EtcdContext } from './etcd-context.js';
import { toStatusError } from './etcd-errors.js';
import { normalizePrefix, objectKeyPath, prefixRange } from './etcd-keys.js';
import { listObjects } from './etcd-list.js';
import { progressNotifyTrusted } from './etcd-progress.js';
import { ProgressTracker } from './etcd-progress-tracker.js';
import { watchObjects } from './etcd-watch.js';
import { createObject, deleteObject, readKey, updateObject } from './etcd-writes.js';

export interface EtcdStoreOptions {
  /** client URLs or HOST:PORT, e.g. ['127.0.0.1:2379'] */
  endpoints: string[];
  /** key prefix (default '/imagestreams') */
  prefix?: string;
  /** PEM files: the CA that signed etcd's certificate, and a client certificate and key */
  tls?: EtcdTls;
  /** deadline of one etcd call (default 10 s) */
  callTimeoutMs?: number;
  /**
   * How often the history older than one interval is compacted away (default 5 minutes, as the
   * Kubernetes apiserver); 0 turns it off (e.g. when etcd runs --auto-compaction-retention).
   */
  compactionIntervalMs?: number;
  /** watch events a consumer may fall behind before its etcd stream is paused (default 1,000) */
  watchBuffer?: number;
  /**
   * Answer watch progress requests (the watch cache's consistent reads after writes to other
   * types). Default: when the etcd that answers is a version whose progress notifications can be
   * trusted (3.4.31+, 3.5.13+; etcd-progress.ts).
   */
  progressNotify?: boolean;
}

const log = logger('store-etcd');

class EtcdStore implements Store {
  /** keys sort as `namespace/name` */
  readonly listOrder = 'key-path';
  private readonly ctx: EtcdContext;
  private readonly compactor: Compactor | undefined;
  private closed = false;

  constructor(ctx: EtcdContext, compactor: Compactor | undefined) {
    this.ctx = ctx;
    this.compactor = compactor;
  }

  private context(): EtcdContext {
    if (this.closed) throw internalError('the store is closed');
    return this.ctx;
  }

  async get<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    const ctx = this.context();
    const kv = await readKey(ctx, objectKeyPath(ctx.prefix, type, namespace, name));
    return kv ? (decodeObject(kv) as T) : undefined;
  }

  async list<T extends KubeObject>(type: ResourceType<T>, options?: ListOptions): Promise<ListResult<T>> {
    return (await listObjects(this.context(), type, options)) as ListResult<T>;
  }

  async create<T extends KubeObject>(type: ResourceType<T>, object: KubeObject): Promise<T> {
    return (await createObject(this.context(), type, object)) as T;
  }

  async update<T extends KubeObject>(
    type: ResourceType<T>,
    object: KubeObject,
    preconditions?: Preconditions,
  ): Promise<T> {
    return (await updateObject(this.context(), type, object, preconditions)) as T;
  }

  async delete<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
    preconditions?: Preconditions,
  ): Promise<T> {
    return (await deleteObject(this.context(), type, namespace, name, preconditions)) as T;
  }

  watch<T extends KubeObject>(
    type: ResourceType<T>,
    options: WatchOptions,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent<T>> {
    return watchObjects(this.context(), type, options, signal) as AsyncIterable<WatchEvent<T>>;
  }

  async currentResourceVersion(): Promise<string> {
    const ctx = this.context();
    try {
      // any linearizable read answers with the store-wide revision
      const res = await ctx.kv.range({ key: Buffer.from(`${ctx.prefix}/`), count_only: true });
      return res.header.revision;
    } catch (err) {
      throw toStatusError('read revision', err);
    }
  }

  async stats(): Promise<StoreStats> {
    const ctx = this.context();
    const { start, end } = prefixRange(`${ctx.prefix}/`);
    try {
      const [count, status] = await Promise.all([
        ctx.kv.range({ key: start, range_end: end, count_only: true }),
        ctx.client.maintenance.status(),
      ]);
      // the prefix also holds the compactor's and the leader election's bookkeeping keys
      const objects = await this.bookkeepingExcluded(Number(count.count));
      return { objects, bytes: Number(status.dbSize) };
    } catch (err) {
      throw toStatusError('stats', err);
    }
  }

  private async bookkeepingExcluded(count: number): Promise<number> {
    const { start, end } = prefixRange(`${this.ctx.prefix}/-/`);
    const res = await this.ctx.kv.range({ key: start, range_end: end, count_only: true });
    return count - Number(res.count);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.compactor?.stop();
    this.ctx.progressTracker?.shutdown();
    this.ctx.client.close();
  }
}

/** Connects to etcd (checking that it answers) and returns the Store on it. */
export async function openEtcdStore(options: EtcdStoreOptions): Promise<Store> {
  const prefix = normalizePrefix(options.prefix ?? DEFAULT_PREFIX);
  const client = createEtcdClient({
    endpoints: options.endpoints,
    prefix,
    ...(options.tls ? { tls: options.tls } : {}),
    ...(options.callTimeoutMs ? { callTimeoutMs: options.callTimeoutMs } : {}),
  });
  let progressNotify = options.progressNotify;
  try {
    const res = await client.kv.range({ key: Buffer.from(`${prefix}/`), count_only: true });
    const { version } = await client.maintenance.status();
    progressNotify ??= progressNotifyTrusted(version);
    log.info(
      { endpoints: options.endpoints, prefix, revision: res.header.revision, version, progressNotify },
      'etcd store opened',
    );
  } catch (err) {
    client.close();
    throw new Error(
      `cannot reach etcd at ${options.endpoints.join(',')} (is it running, are the TLS files right?)`,
      {
        cause: err,
      },
    );
  }
  const ctx: EtcdContext = {
    client,
    kv: client.kv,
    prefix,
    watchBuffer: options.watchBuffer ?? 1000,
    progressNotify,
    ...(progressNotify ? {} : { progressTracker: new ProgressTracker(client, prefix) }),
  };
  const interval = options.compactionIntervalMs ?? 5 * 60_000;
  const compactor = interval > 0 ? startCompactor(client, `${prefix}/-/compact`, interval) : undefined;
  return new EtcdStore(ctx, compactor);
}
