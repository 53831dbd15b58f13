/**
 * The import benchmark (issue 3): a real docker-registry with REPOS x TAGS images behind a
 * counting proxy, the real API server (in this process, so the registry client's own counters are
 * readable) with the importer; import everything through ImageStreamImport, re-check every
 * unchanged tag the same way, and do the same digest lookups with skopeo for a sample.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import { importerExtension } from '../../src/importer/index.js';
import { createRegistryClient, type ClientStats, type RegistryClient } from '../../src/registry/index.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { startRegistry, type TestRegistry } from '../../test/support/registry/index.js';
import { round } from '../support/measure.js';
import {
  diffCounts,
  startCountingProxy,
  type CountingProxy,
  type ProxyCounts,
} from '../support/counting-proxy.js';
import { runImports, type ImportRun } from './import-requests.js';
import { pushFixture } from './registry-fixture.js';
import { runSkopeo, type SkopeoRun } from './skopeo-run.js';

export interface ImportBenchOptions {
  repositories: number;
  tags: number;
  /** ImageStreamImport requests in flight */
  concurrency: number;
  /** tags looked up with skopeo (a sample of the re-checked ones) */
  skopeoSample: number;
}

export const DEFAULT_IMPORT_OPTIONS: ImportBenchOptions = {
  repositories: 50,
  tags: 20,
  concurrency: 4,
  skopeoSample: 100,
};

export interface PhaseCost {
  run: ImportRun;
  /** counted at the proxy in front of the registry */
  proxy: ProxyCounts;
  /** the importer's registry client's own counters (same requests, other side) */
  client: { requests: number; head: number; get: number; byKind: ClientStats['byKind']; bytes: number };
  perTag: {
    requests: number;
    manifestHead: number;
    manifestGet: number;
    blobGet: number;
    bodyBytes: number;
    ms: number;
  };
}

export interface ImportBenchResult {
  options: ImportBenchOptions;
  push: { images: number; elapsedMs: number };
  firstImport: PhaseCost;
  recheck: PhaseCost;
  skopeo: SkopeoRun[];
}

function clientDelta(a: ClientStats, b: ClientStats): PhaseCost['client'] {
  const byKind = { ...b.byKind };
  for (const k of Object.keys(byKind) as (keyof typeof byKind)[]) byKind[k] -= a.byKind[k];
  return {
    requests: b.requests - a.requests,
    head: (b.byMethod.HEAD ?? 0) - (a.byMethod.HEAD ?? 0),
    get: (b.byMethod.GET ?? 0) - (a.byMethod.GET ?? 0),
    byKind,
    bytes: b.bytesReceived - a.bytesReceived,
  };
}

async function phase(
  proxy: CountingProxy,
  client: RegistryClient,
  tags: number,
  run: () => Promise<ImportRun>,
): Promise<PhaseCost> {
  const p0 = proxy.counts();
  const c0 = client.stats();
  const result = await run();
  const p = diffCounts(p0, proxy.counts());
  const per = (n: number): number => round(n / tags, 3);
  return {
    run: result,
    proxy: p,
    client: clientDelta(c0, client.stats()),
    perTag: {
      requests: per(p.requests),
      manifestHead: per(p.byClass.manifestHead),
      manifestGet: per(p.byClass.manifestGet),
      blobGet: per(p.byClass.blobGet),
      bodyBytes: per(p.bodyBytes),
      ms: per(result.elapsedMs),
    },
  };
}

export async function runImportBench(o: ImportBenchOptions): Promise<ImportBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'imagestreams-bench-import-'));
  let registry: TestRegistry | undefined;
  let proxy: CountingProxy | undefined;
  let server: RunningServer | undefined;
  const client = createRegistryClient();
  try {
    registry = await startRegistry({ auth: 'none' });
    proxy = await startCountingProxy(registry.url);
    const { pushed, elapsedMs: pushMs } = await pushFixture(registry, o.repositories, o.tags);
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir,
      extensions: [importerExtension({ registryClient: client, controller: false, prune: false })],
    });
    const pool = new Pool(server.url, {
      connections: o.concurrency,
      headersTimeout: 300_000,
      bodyTimeout: 300_000,
    });
    const total = o.repositories * o.tags;
    const host = proxy.host;
    const imports = (): Promise<ImportRun> => runImports(pool, host, o);
    const firstImport = await phase(proxy, client, total, imports);
    const recheck = await phase(proxy, client, total, imports);
    await pool.close();
    const skopeo = await runSkopeo(proxy, pushed, o.skopeoSample);
    return {
      options: o,
      push: { images: pushed.length, elapsedMs: round(pushMs) },
      firstImport,
      recheck,
      skopeo,
    };
  } finally {
    await server?.close();
    await client.close();
    await proxy?.stop();
    await registry?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
