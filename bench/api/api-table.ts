/** The API benchmark's results as table rows: one column per store, side by side. */
import type { Row } from '../support/report.js';
import type { ApiBenchResult } from './api-bench.js';

type Metric = [string, (r: ApiBenchResult) => number | string | undefined];

const METRICS: Metric[] = [
  ['streams created', (r) => r.create.streams],
  ['create: streams/s', (r) => r.create.perSecond],
  ['create: p50 / p99 ms', (r) => `${r.create.latencyMs.p50} / ${r.create.latencyMs.p99}`],
  ['create: server CPU s', (r) => r.create.serverCpuSeconds],
  ['GET random name: req/s', (r) => r.get.perSecond],
  ['GET: p50 / p99 ms', (r) => `${r.get.latencyMs.p50} / ${r.get.latencyMs.p99}`],
  ['GET: server CPU s', (r) => r.get.serverCpuSeconds],
  ['LIST all: lists/s', (r) => r.list.full.perSecond],
  ['LIST all: p50 ms', (r) => r.list.full.latencyMs.p50],
  ['LIST all: server CPU ms per LIST', (r) => r.list.full.serverCpuMsPerList],
  ['LIST all: items / MiB', (r) => `${r.list.full.items} / ${r.list.full.responseMiB}`],
  ['LIST limit=500: pages/s', (r) => r.list.paginated.pagesPerSecond],
  ['LIST limit=500: full walk p50 ms', (r) => r.list.paginated.walkMs.p50],
  ['watch: watchers', (r) => r.watch.watchers],
  ['watch: open all ms', (r) => r.watch.connectMs],
  [
    'watch: first watcher p50 / p99 ms',
    (r) => `${r.watch.firstWatcherMs.p50} / ${r.watch.firstWatcherMs.p99}`,
  ],
  ['watch: last watcher p50 / p99 ms', (r) => `${r.watch.lastWatcherMs.p50} / ${r.watch.lastWatcherMs.p99}`],
  ['server RSS idle MiB', (r) => r.serverMemory.idle?.rssMiB],
  ['server RSS after create MiB', (r) => r.serverMemory.afterCreate?.rssMiB],
  ['server peak RSS after GET MiB', (r) => r.serverMemory.afterGet?.peakRssMiB],
  ['server peak RSS after LIST MiB', (r) => r.serverMemory.afterList?.peakRssMiB],
  ['server peak RSS (whole run) MiB', (r) => r.serverMemory.end?.peakRssMiB],
  ...(['afterCreate', 'afterGet', 'afterList'] as const).map((phase): Metric => [
    `server heap used / total / external MiB ${phase}`,
    (r) => {
      const h = r.serverHeap[phase];
      return h ? `${h.heapUsedMiB} / ${h.heapTotalMiB} / ${h.externalMiB}` : undefined;
    },
  ]),
  ...(['afterCreate', 'afterGet', 'afterList'] as const).map((phase): Metric => [
    `server RSS / array buffers / new space / old space MiB ${phase}`,
    (r) => {
      const h = r.serverHeap[phase];
      const m = r.serverMemory[phase];
      return h && m
        ? `${m.rssMiB} / ${h.arrayBuffersMiB} / ${h.spacesMiB.new_space ?? '-'} / ${h.spacesMiB.old_space ?? '-'}`
        : undefined;
    },
  ]),
  ['etcd peak RSS MiB', (r) => r.etcdMemory?.peakRssMiB],
  ['watch cache: stream reads hit / miss', (r) => `${r.watchCache.hits} / ${r.watchCache.misses}`],
];

export function apiRows(results: Partial<Record<'sqlite' | 'etcd', ApiBenchResult>>): Row[] {
  const stores = Object.keys(results) as ('sqlite' | 'etcd')[];
  return METRICS.map(([name, read]) => {
    const row: Row = { metric: name };
    for (const s of stores) {
      const r = results[s];
      row[s] = r ? (read(r) ?? '-') : 'not run';
    }
    return row;
  });
}
