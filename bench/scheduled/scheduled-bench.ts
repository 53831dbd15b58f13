/**
 * Scheduled checks (issue 4): REPOS x TAGS distinct tags on a real docker-registry (each repository
 * holds one image under all its tags), behind the counting proxy; the real `isctl serve` in its
 * own process with `--scheduled-import-interval` and no per-minute cap; REPOS image streams with
 * TAGS scheduled tags each. After the first import of every tag and a warm-up of half an interval
 * (a fresh import postpones the next check by at least that), the window measures the server's
 * CPU (from /proc/PID/stat), RSS, and the requests the registry received.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  pushImage,
  pushManifest,
  startRegistry,
  type TestRegistry,
} from '../../test/support/registry/index.js';
import {
  diffCounts,
  startCountingProxy,
  type CountingProxy,
  type ProxyCounts,
} from '../support/counting-proxy.js';
import { nowMs, round, runCount, sleep } from '../support/measure.js';
import { startServeProcess, type ServeProcess } from '../support/serve-process.js';

export interface ScheduledBenchOptions {
  repositories: number;
  tags: number;
  /** `--scheduled-import-interval` */
  interval: string;
  windowMs: number;
}

export const DEFAULT_SCHEDULED_OPTIONS: ScheduledBenchOptions = {
  repositories: 100,
  tags: 100,
  interval: '1m',
  windowMs: 120_000,
};

export interface ScheduledBenchResult {
  options: ScheduledBenchOptions;
  fixtureMs: number;
  firstImportMs: number;
  warmupMs: number;
  window: {
    ms: number;
    serverCpuSeconds: number;
    /** CPU seconds per wall second, in % of one core */
    serverCpuPercentOfOneCore: number;
    rssStartMiB: number;
    rssMaxMiB: number;
    rssEndMiB: number;
    registry: ProxyCounts;
    requestsPerMinute: number;
    manifestHeadsPerMinute: number;
    scheduledChecks: Record<string, number>;
  };
  loadAverageDuringWindow: number[];
}

const repo = (r: number): string => `bench/sched-${r}`;

async function pushFixture(registry: TestRegistry, options: ScheduledBenchOptions): Promise<number> {
  const t0 = nowMs();
  await runCount(options.repositories, 8, async (r) => {
    const image = await pushImage(registry, repo(r), 'v0');
    for (let t = 1; t < options.tags; t++)
      await pushManifest(registry, repo(r), `v${t}`, image.manifest, image.mediaType);
  });
  return nowMs() - t0;
}

async function api(server: ServeProcess, path: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/default/${path}`, {
    ...init,
    headers: { 'content-type': 'application/json' },
  });
  const text = await res.text();
  if (res.status >= 300)
    throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as unknown;
}

async function createStreams(
  server: ServeProcess,
  host: string,
  options: ScheduledBenchOptions,
): Promise<void> {
  await runCount(options.repositories, 4, (r) =>
    api(server, 'imagestreams', {
      method: 'POST',
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: `sched-${r}` },
        spec: {
          tags: Array.from({ length: options.tags }, (_, t) => ({
            name: `v${t}`,
            from: { kind: 'DockerImage', name: `${host}/${repo(r)}:v${t}` },
            importPolicy: { insecure: true, scheduled: true },
          })),
        },
      }),
    }),
  );
}

interface StreamList {
  items: { status?: { tags?: { items?: unknown[] }[] } }[];
}

async function importedTags(server: ServeProcess): Promise<number> {
  const list = (await api(server, 'imagestreams')) as StreamList;
  return list.items.reduce(
    (n, s) => n + (s.status?.tags ?? []).filter((t) => (t.items?.length ?? 0) > 0).length,
    0,
  );
}

async function checksByResult(server: ServeProcess): Promise<Record<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^imagestreams_scheduled_checks_total\{result="(\w+)"\} (\d+)/gm))
    out[m[1] ?? '?'] = Number(m[2]);
  return out;
}

async function measureWindow(
  server: ServeProcess,
  proxy: CountingProxy,
  windowMs: number,
): Promise<ScheduledBenchResult['window']> {
  const cpu0 = (await server.cpuSeconds()) ?? 0;
  const counts0 = proxy.counts();
  const checks0 = await checksByResult(server);
  const rssStart = (await server.memory())?.rssMiB ?? 0;
  let rssMax = rssStart;
  const t0 = nowMs();
  while (nowMs() - t0 < windowMs) {
    await sleep(Math.min(2_000, windowMs - (nowMs() - t0)));
    rssMax = Math.max(rssMax, (await server.memory())?.rssMiB ?? 0);
  }
  const ms = nowMs() - t0;
  const cpu = ((await server.cpuSeconds()) ?? 0) - cpu0;
  const registry = diffCounts(counts0, proxy.counts());
  const checks1 = await checksByResult(server);
  const scheduledChecks = Object.fromEntries(
    Object.entries(checks1).map(([k, v]) => [k, v - (checks0[k] ?? 0)]),
  );
  const minutes = ms / 60_000;
  return {
    ms: round(ms, 0),
    serverCpuSeconds: round(cpu),
    serverCpuPercentOfOneCore: round((100 * cpu) / (ms / 1000), 1),
    rssStartMiB: rssStart,
    rssMaxMiB: rssMax,
    rssEndMiB: (await server.memory())?.rssMiB ?? 0,
    registry,
    requestsPerMinute: round(registry.requests / minutes, 0),
    manifestHeadsPerMinute: round(registry.byClass.manifestHead / minutes, 0),
    scheduledChecks,
  };
}

function intervalMs(text: string): number {
  const m = /^(\d+)(s|m)$/.exec(text);
  if (!m) throw new Error(`interval ${text}: use Ns or Nm`);
  return Number(m[1]) * (m[2] === 'm' ? 60_000 : 1_000);
}

export async function runScheduledBench(options: ScheduledBenchOptions): Promise<ScheduledBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-sched-'));
  let registry: TestRegistry | undefined;
  let proxy: CountingProxy | undefined;
  let server: ServeProcess | undefined;
  try {
    registry = await startRegistry({ auth: 'none' });
    const fixtureMs = await pushFixture(registry, options);
    proxy = await startCountingProxy(registry.url);
    server = await startServeProcess([
      '--data-dir',
      dataDir,
      '--scheduled-import-interval',
      options.interval,
      '--max-scheduled-imports-per-minute',
      '-1',
      '--disable-docker-target',
      '--no-events',
    ]);
    const t0 = nowMs();
    await createStreams(server, proxy.host, options);
    const total = options.repositories * options.tags;
    let imported = 0;
    while ((imported = await importedTags(server)) < total) {
      if (nowMs() - t0 > 420_000) throw new Error(`first import: ${imported}/${total} tags after 7 min`);
      await sleep(3_000);
    }
    const firstImportMs = nowMs() - t0;
    process.stdout.write(
      `  fixture ${round(fixtureMs / 1000, 1)} s, first import of ${total} tags ${round(firstImportMs / 1000, 1)} s\n`,
    );
    const warmupMs = intervalMs(options.interval) / 2;
    await sleep(warmupMs);
    const { loadavg } = await import('node:os');
    const window = await measureWindow(server, proxy, options.windowMs);
    return {
      options,
      fixtureMs: round(fixtureMs, 0),
      firstImportMs: round(firstImportMs, 0),
      warmupMs,
      window,
      loadAverageDuringWindow: loadavg().map((l) => round(l)),
    };
  } finally {
    await server?.stop('SIGTERM');
    await proxy?.stop();
    await registry?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export function scheduledRows(result: ScheduledBenchResult): Record<string, string | number>[] {
  const w = result.window;
  const rows: [string, string | number][] = [
    [
      'tags (repositories x tags)',
      `${result.options.repositories * result.options.tags} (${result.options.repositories} x ${result.options.tags})`,
    ],
    ['interval', result.options.interval],
    ['window, s', round(w.ms / 1000, 1)],
    ['server CPU in the window, s', w.serverCpuSeconds],
    ['server CPU, % of one core', w.serverCpuPercentOfOneCore],
    ['server RSS start / max / end, MiB', `${w.rssStartMiB} / ${w.rssMaxMiB} / ${w.rssEndMiB}`],
    ['registry requests per minute', w.requestsPerMinute],
    ['  of which manifest HEAD per minute', w.manifestHeadsPerMinute],
    ['registry requests by kind (window)', JSON.stringify(w.registry.byClass)],
    ['scheduled checks (window, by result)', JSON.stringify(w.scheduledChecks)],
    ['TCP connections to the registry (window)', w.registry.connections],
    ['first import of every tag, s', round(result.firstImportMs / 1000, 1)],
  ];
  return rows.map(([what, value]) => ({ what, value }));
}
