/** What the parts of the etcd store share: the client, its KV service and the key prefix. */
import type { Etcd3, KVClient } from 'etcd3';
import type { ProgressTracker } from './etcd-progress-tracker.js';

export interface EtcdContext {
  client: Etcd3;
  kv: KVClient;
  /** normalized key prefix, no trailing slash: '/imagestreams' */
  prefix: string;
  /** live events a watcher may fall behind before its etcd stream is paused (default 1,000) */
  watchBuffer: number;
  /**
   * Watches answer progress requests (WatchOptions.progress): only where etcd's progress
   * notifications can be trusted (etcd-progress.ts)
   */
  progressNotify: boolean;
  /** progress for watches where etcd's own cannot be trusted (etcd-progress-tracker.ts) */
  progressTracker?: ProgressTracker;
}
