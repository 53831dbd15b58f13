/**
 * The store-level benchmarks of the store helpers (bench/store-bench.ts, bench/store-etcd-bench.ts)
 * as one sub-benchmark, side by side: the Store in one process, no HTTP.
 */
import { existsSync } from 'node:fs';
import type { Row } from '../support/report.js';
import { runStoreBench, type StoreBenchResult } from '../store-bench.js';
import { runEtcdStoreBench, type EtcdStoreBenchResult } from '../store-etcd-bench.js';

export interface StoreSuiteResult {
  count: number;
  sqlite?: StoreBenchResult;
  etcd?: EtcdStoreBenchResult;
}

export async function runStoreSuite(
  count: number,
  stores: readonly ('sqlite' | 'etcd')[],
): Promise<StoreSuiteResult> {
  const result: StoreSuiteResult = { count };
  if (stores.includes('sqlite')) result.sqlite = await runStoreBench(count, 'full');
  if (stores.includes('etcd') && existsSync(process.env.ETCD_BINARY ?? '/usr/bin/etcd'))
    result.etcd = await runEtcdStoreBench(count);
  return result;
}

type Metric = [string, (r: StoreBenchResult | EtcdStoreBenchResult) => number | undefined];

const METRICS: Metric[] = [
  ['creates/s (one at a time)', (r) => r.createsPerSecond],
  [
    'creates/s (16 in flight)',
    (r) => ('concurrentCreatesPerSecond' in r ? r.concurrentCreatesPerSecond : undefined),
  ],
  ['updates/s', (r) => r.updatesPerSecond],
  ['gets/s', (r) => r.getsPerSecond],
  ['list all ms', (r) => r.listAllMs],
  ['write -> last of 100 watchers, median ms', (r) => r.fanOut100MedianMs],
  ['write -> last of 100 watchers, worst ms', (r) => r.fanOut100MaxMs],
  ['bytes on disk', (r) => r.bytesOnDisk],
];

export function storeRows(r: StoreSuiteResult): Row[] {
  return METRICS.map(([name, read]) => ({
    metric: name,
    sqlite: r.sqlite ? (read(r.sqlite) ?? '-') : 'not run',
    etcd: r.etcd ? (read(r.etcd) ?? '-') : 'not run',
  }));
}
