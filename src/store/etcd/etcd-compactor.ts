/**
 * Keeps etcd's MVCC history bounded as the Kubernetes apiserver does (storage/etcd3/compact.go):
 * every interval, compact away the revisions older than the revision seen one interval ago, so
 * watches and paged lists can resume across at least one interval. Replicas coordinate through
 * the version of one key: whoever bumps it from the version it last saw compacts this round,
 * the others only learn the new version, so N replicas compact once per interval, not N times.
 */
import type { Etcd3 } from 'etcd3';
import { logger } from '../../observability/logger.js';

const log = logger('store-etcd');

export interface Compactor {
  stop(): void;
  /** one round now (tests); resolves to the revision compacted to, if this round compacted */
  runOnce(): Promise<number | undefined>;
}

export function startCompactor(client: Etcd3, key: string, intervalMs: number): Compactor {
  const compactKey = Buffer.from(key);
  /** the key's version we last saw, and the revision current at that time */
  let seenVersion = 0;
  let candidate = 0;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const round = async (): Promise<number | undefined> => {
    const res = await client.kv.txn({
      compare: [{ key: compactKey, target: 'Version', result: 'Equal', version: seenVersion }],
      success: [{ request_put: { key: compactKey, value: Buffer.alloc(0) } }],
      failure: [{ request_range: { key: compactKey } }],
    });
    const current = Number(res.header.revision);
    if (!res.succeeded) {
      // another replica compacted this round: follow its count
      seenVersion = Number(res.responses[0]?.response_range?.kvs[0]?.version ?? 0);
      candidate = current;
      return undefined;
    }
    seenVersion++;
    const target = candidate;
    candidate = current;
    if (target === 0) return undefined;
    await client.kv.compact({ revision: target });
    log.info({ revision: target }, 'etcd history compacted');
    return target;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      round()
        .catch((err: unknown) => {
          // the revision may have been compacted by etcd itself (--auto-compaction): not a failure
          log.warn({ err }, 'etcd compaction round failed');
        })
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    runOnce: round,
  };
}
