/**
 * Scheduled import inside the real API server against the real docker-registry, through the
 * fault proxy (to count requests and to take the registry down): new digests are picked up
 * without any other trigger, an unchanged tag costs one HEAD per check, a dead registry backs
 * off and recovers, and a restart keeps the schedule.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importerExtension } from '../../../../src/importer/index.js';
import { startServer, type RunningServer } from '../../../../src/server/serve.js';
import {
  pushImage,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type TestRegistry,
} from '../../../support/registry/index.js';

interface Stream {
  metadata: { resourceVersion: string };
  status?: {
    tags?: {
      tag: string;
      items?: { image: string }[];
      conditions?: { type: string; status: string; reason?: string }[];
    }[];
  };
}

const INTERVAL_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(100);
  }
}

describe('scheduled import in the API server', () => {
  let registry: TestRegistry;
  let proxy: FaultProxy;
  let server: RunningServer | undefined;
  let dir: string;

  const start = async (intervalMs = INTERVAL_MS) => {
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [
        importerExtension({
          schedule: {
            intervalMs,
            tagBackoff: { baseMs: 500, maxMs: 2000 },
            registryBackoff: { baseMs: 500, maxMs: 2000 },
            checkpointEveryMs: 500,
          },
        }),
      ],
    });
  };
  const base = () => `${server!.url}/apis/image.openshift.io/v1/namespaces/default`;
  const stream = async (name: string) =>
    (await (await fetch(`${base()}/imagestreams/${name}`)).json()) as Stream;
  const tagOf = async (name: string, tag: string) =>
    (await stream(name)).status?.tags?.find((t) => t.tag === tag);
  const scheduledChecks = async (result: string) => {
    const text = await (await fetch(`${server!.url}/metrics`)).text();
    const m = new RegExp(`^imagestreams_scheduled_checks_total\\{result="${result}"\\} (\\d+)`, 'm').exec(
      text,
    );
    return Number(m?.[1] ?? 0);
  };
  const requestsFor = (repo: string) => proxy.requests.filter((r) => r.path.includes(`/v2/${repo}/`));

  async function importScheduled(name: string, repo: string): Promise<void> {
    const res = await fetch(`${base()}/imagestreamimports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStreamImport',
        metadata: { name },
        spec: {
          import: true,
          images: [
            {
              from: { kind: 'DockerImage', name: `${proxy.host}/${repo}:latest` },
              to: { name: 'latest' },
              importPolicy: { insecure: true, scheduled: true },
            },
          ],
        },
      }),
    });
    expect(res.status).toBeLessThan(300);
  }

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    proxy = await startFaultProxy(registry.url);
    dir = mkdtempSync(join(tmpdir(), 'scheduled-import-'));
    await start();
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await proxy?.stop();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('picks up a new digest pushed to a scheduled tag within an interval, without any other trigger', async () => {
    await pushImage(registry, 'team/moving', 'latest', { env: ['V=1'] });
    await importScheduled('moving', 'team/moving');
    const moved = await pushImage(registry, 'team/moving', 'latest', { env: ['V=2'] });
    const started = Date.now();
    await until(async () =>
      (await tagOf('moving', 'latest'))?.items?.[0]?.image === moved.digest ? true : undefined,
    );
    expect(Date.now() - started).toBeLessThan(2 * INTERVAL_MS + 2000);
    expect((await tagOf('moving', 'latest'))?.items).toHaveLength(2);
  }, 30_000);

  it('costs exactly one HEAD per check for an unchanged tag and writes nothing', async () => {
    await pushImage(registry, 'team/still', 'latest');
    await importScheduled('still', 'team/still');
    await sleep(300);
    const rv = (await stream('still')).metadata.resourceVersion;
    const from = proxy.requests.length;
    const checksBefore = await scheduledChecks('unchanged');
    await sleep(3 * INTERVAL_MS + 500);
    const seen = proxy.requests.slice(from).filter((r) => r.path.includes('/v2/team/still/'));
    const checks = (await scheduledChecks('unchanged')) - checksBefore;
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen.every((r) => r.method === 'HEAD' && r.path === '/v2/team/still/manifests/latest')).toBe(true);
    // the unchanged counter also counts the other scheduled tags of this file: at least this tag's checks
    expect(checks).toBeGreaterThanOrEqual(seen.length);
    expect((await stream('still')).metadata.resourceVersion).toBe(rv);
  }, 30_000);

  it('backs off while the registry is down, shows the failure on the tag, and recovers', async () => {
    await pushImage(registry, 'team/flaky', 'latest', { env: ['V=1'] });
    await importScheduled('flaky', 'team/flaky');
    proxy.inject({
      fault: { type: 'status', status: 503 },
      times: Number.POSITIVE_INFINITY,
      match: { path: /\/v2\/team\/flaky\// },
    });
    const downFrom = requestsFor('team/flaky').length;
    const condition = await until(async () =>
      (await tagOf('flaky', 'latest'))?.conditions?.find(
        (c) => c.type === 'ImportSuccess' && c.status === 'False',
      ),
    );
    expect(condition.reason).toBe('ServiceUnavailable');
    await sleep(4000);
    const whileDown = requestsFor('team/flaky').length - downFrom;
    proxy.clear();
    const moved = await pushImage(registry, 'team/flaky', 'latest', { env: ['V=2'] });
    const upAt = Date.now();
    await until(async () => {
      const t = await tagOf('flaky', 'latest');
      return t?.items?.[0]?.image === moved.digest && !(t.conditions ?? []).length ? true : undefined;
    });
    const recovery = Date.now() - upAt;
    console.info(`registry down: ${whileDown} requests in ~5 s; recovered ${recovery} ms after it came back`);
    expect(recovery).toBeLessThan(2000 + 2 * INTERVAL_MS + 1000);
    // the client's own retries included, far fewer than a check per interval without backoff would send
    expect(whileDown).toBeLessThan(40);
  }, 40_000);

  it('keeps the schedule over a restart: no flood of checks at start, and no tag skipped', async () => {
    // a longer interval than the other tests, so that "all at once" and "spread" differ clearly
    const interval = 6000;
    await server!.close();
    await start(interval);
    const repos = Array.from({ length: 12 }, (_, i) => `team/keep${i}`);
    for (const repo of repos) await pushImage(registry, repo, 'latest');
    for (const [i, repo] of repos.entries()) await importScheduled(`keep${i}`, repo);
    await sleep(interval + 1000); // every tag checked once since its import: the stored times are old now
    await server!.close();
    server = undefined;
    const from = proxy.requests.length;
    const downAt = Date.now();
    await start(interval);
    const gap = Date.now() - downAt;
    await sleep(500);
    const keepRequests = () =>
      proxy.requests.slice(from).filter((r) => repos.some((repo) => r.path.includes(`/v2/${repo}/`)));
    const early = keepRequests().length;
    await sleep(interval + 500);
    const checked = new Set(keepRequests().map((r) => r.path));
    console.info(`after a restart (${gap} ms down): ${early} checks of 12 tags in the first 500 ms`);
    // their slots in the time down and the first 500 ms: about 12 x (gap + 500) / 6000
    expect(early).toBeLessThanOrEqual(Math.ceil((12 * (gap + 500)) / interval) + 3);
    expect(early).toBeLessThan(12);
    expect(checked.size).toBe(12);
    expect(keepRequests().every((r) => r.method === 'HEAD')).toBe(true);
    await server!.close();
    await start();
  }, 60_000);

  it('reads rate-limit headers and 429s into the registry budget, served at /registry-budget and as gauges', async () => {
    await pushImage(registry, 'team/limited', 'latest');
    await importScheduled('limited', 'team/limited');
    proxy.inject({
      fault: {
        type: 'status',
        status: 429,
        headers: {
          'retry-after': '1',
          'ratelimit-limit': '100;w=21600',
          'ratelimit-remaining': '95;w=21600',
        },
      },
      times: 4,
      match: { method: 'HEAD', path: /\/v2\/team\/limited\// },
    });
    const body = await until(async () => {
      const b = (await (await fetch(`${server!.url}/registry-budget`)).json()) as {
        registries: { registry: string; limit?: number; remaining?: number }[];
        lines: string[];
      };
      return b.registries.some((r) => r.registry === proxy.host && r.limit === 100) ? b : undefined;
    });
    const line = body.lines.find((l) => l.startsWith(`${proxy.host}: `));
    expect(line).toMatch(/: \d+\/100 requests left per 6h0m0s \(10 kept for manual imports\)/);
    const metrics = await (await fetch(`${server!.url}/metrics`)).text();
    expect(metrics).toContain(`imagestreams_registry_budget_limit{registry="${proxy.host}"} 100`);
    expect(metrics).toMatch(/imagestreams_scheduled_queue_depth \d+/);
    proxy.clear();
  }, 30_000);
});
