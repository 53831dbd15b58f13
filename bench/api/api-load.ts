/**
 * The request loops of the API benchmark over one keep-alive pool: creates, GETs of random
 * names, full LISTs and paginated LIST walks. Every non-2xx answer fails the benchmark.
 */
import { Pool } from 'undici';
import { percentiles, round, runCount, runFor, type Percentiles, type TimedRun } from '../support/measure.js';
import { imageStream, streamsPath } from './api-objects.js';

export interface CreateResult {
  streams: number;
  concurrency: number;
  elapsedMs: number;
  perSecond: number;
  latencyMs: Percentiles;
}

export interface ListResult {
  /** full LISTs of every stream; serverCpuMsPerList: the server's CPU time per full LIST (less bent by the machine's load than latency) */
  full: TimedRun & { items: number; responseMiB: number; serverCpuMsPerList?: number | undefined };
  /** LIST walks with limit=500 following continue tokens */
  paginated: { pageSize: number; walks: number; pagesPerSecond: number; walkMs: Percentiles };
}

export function apiPool(url: string, connections: number): Pool {
  return new Pool(url, { connections, pipelining: 1, bodyTimeout: 120_000, headersTimeout: 120_000 });
}

async function send(
  pool: Pool,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const res = await pool.request({
    method,
    path,
    headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300)
    throw new Error(`${method} ${path}: HTTP ${res.statusCode} from the server: ${text.slice(0, 300)}`);
  return { status: res.statusCode, text };
}

export async function createStreams(
  pool: Pool,
  count: number,
  concurrency: number,
  name: (i: number) => string,
): Promise<CreateResult> {
  const latencies: number[] = [];
  const elapsedMs = await runCount(count, concurrency, async (i) => {
    const t = performance.now();
    await send(pool, 'POST', streamsPath(), imageStream(name(i)));
    latencies.push(performance.now() - t);
  });
  return {
    streams: count,
    concurrency,
    elapsedMs: round(elapsedMs),
    perSecond: round(count / (elapsedMs / 1000), 1),
    latencyMs: percentiles(latencies),
  };
}

export function getRandom(
  pool: Pool,
  count: number,
  durationMs: number,
  concurrency: number,
  name: (i: number) => string,
): Promise<TimedRun> {
  return runFor(durationMs, concurrency, () =>
    send(pool, 'GET', `${streamsPath()}/${name(Math.floor(Math.random() * count))}`),
  );
}

interface ListPage {
  metadata: { continue?: string; resourceVersion?: string };
  items: unknown[];
}

async function walkPages(pool: Pool, pageSize: number): Promise<number> {
  let pages = 0;
  let token: string | undefined;
  do {
    const query = `limit=${pageSize}${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
    const page = JSON.parse((await send(pool, 'GET', `${streamsPath()}?${query}`)).text) as ListPage;
    pages++;
    token = page.metadata.continue || undefined;
  } while (token);
  return pages;
}

export async function listThroughput(
  pool: Pool,
  durationMs: number,
  concurrency: number,
  serverCpuSeconds: () => Promise<number | undefined> = async () => undefined,
  pageSize = 500,
  /** told when the full LISTs start and stop (the server's CPU profile) */
  fullLists: (what: 'start' | 'stop') => Promise<void> = async () => undefined,
): Promise<ListResult> {
  const first = JSON.parse((await send(pool, 'GET', streamsPath())).text) as ListPage;
  const bytes = Buffer.byteLength(JSON.stringify(first));
  const cpuBefore = await serverCpuSeconds();
  await fullLists('start');
  const full = await runFor(durationMs, concurrency, () => send(pool, 'GET', streamsPath()));
  await fullLists('stop');
  const cpuAfter = await serverCpuSeconds();
  const serverCpuMsPerList =
    cpuBefore === undefined || cpuAfter === undefined || full.operations === 0
      ? undefined
      : round(((cpuAfter - cpuBefore) * 1000) / full.operations, 1);
  const walkLatencies: number[] = [];
  let pages = 0;
  const walks = await runFor(durationMs, concurrency, async () => {
    const t = performance.now();
    pages += await walkPages(pool, pageSize);
    walkLatencies.push(performance.now() - t);
  });
  return {
    full: { ...full, items: first.items.length, responseMiB: round(bytes / 2 ** 20), serverCpuMsPerList },
    paginated: {
      pageSize,
      walks: walks.operations,
      pagesPerSecond: round(pages / (walks.elapsedMs / 1000), 1),
      walkMs: percentiles(walkLatencies),
    },
  };
}

/** The collection's current resourceVersion (a LIST of one item). */
export async function currentResourceVersion(pool: Pool): Promise<string> {
  const page = JSON.parse((await send(pool, 'GET', `${streamsPath()}?limit=1`)).text) as ListPage;
  const rv = page.metadata.resourceVersion;
  if (!rv) throw new Error('the server answered a LIST without metadata.resourceVersion');
  return rv;
}

export { send };
