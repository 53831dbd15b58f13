/**
 * Watch fan-out: N HTTP watch connections on the stream collection, then sequential writes; for
 * each write, the time from sending the create to the first and to the last watcher seeing its
 * ADDED event.
 */
import { setMaxListeners } from 'node:events';
import { Pool } from 'undici';
import { percentiles, round, type Percentiles, within } from '../support/measure.js';
import { imageStream, streamsPath } from './api-objects.js';
import { currentResourceVersion, send } from './api-load.js';

export interface FanOutResult {
  watchers: number;
  writes: number;
  connectMs: number;
  firstWatcherMs: Percentiles;
  lastWatcherMs: Percentiles;
}

interface Pending {
  left: number;
  start: number;
  first?: number;
  done: (lastMs: number) => void;
}

/** Reads one watch stream line by line and reports each ADDED object's name. */
async function consume(body: AsyncIterable<Buffer>, onAdded: (name: string) => void): Promise<void> {
  let buffered = '';
  for await (const chunk of body) {
    buffered += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      if (!line.trim()) continue;
      const event = JSON.parse(line) as { type: string; object?: { metadata?: { name?: string } } };
      const name = event.object?.metadata?.name;
      if (event.type === 'ADDED' && name) onAdded(name);
    }
  }
}

async function openWatchers(
  pool: Pool,
  count: number,
  resourceVersion: string,
  signal: AbortSignal,
  onAdded: (name: string) => void,
): Promise<void> {
  const path = `${streamsPath()}?watch=true&resourceVersion=${resourceVersion}`;
  await Promise.all(
    Array.from({ length: count }, async () => {
      const res = await pool.request({
        method: 'GET',
        path,
        signal,
        headers: { accept: 'application/json' },
      });
      if (res.statusCode !== 200) throw new Error(`watch: HTTP ${res.statusCode} from the server`);
      consume(res.body, onAdded).catch(() => undefined); // ends with an abort when the benchmark stops
    }),
  );
}

export async function watchFanOut(
  url: string,
  api: Pool,
  watchers: number,
  writes: number,
  prefix: string,
): Promise<FanOutResult> {
  const pool = new Pool(url, { connections: watchers, pipelining: 1, bodyTimeout: 0 });
  const controller = new AbortController();
  // one abort listener per watch request on this one signal
  setMaxListeners(watchers + 10, controller.signal);
  const pending = new Map<string, Pending>();
  const onAdded = (name: string): void => {
    const p = pending.get(name);
    if (!p) return;
    p.first ??= performance.now() - p.start;
    if (--p.left === 0) p.done(performance.now() - p.start);
  };
  try {
    const rv = await currentResourceVersion(api);
    const t = performance.now();
    await within(60_000, 'opening the watches', openWatchers(pool, watchers, rv, controller.signal, onAdded));
    const connectMs = round(performance.now() - t);
    const first: number[] = [];
    const last: number[] = [];
    for (let w = 0; w < writes; w++) {
      const name = `${prefix}-${w}`;
      const seen = new Promise<number>((done) =>
        pending.set(name, { left: watchers, start: performance.now(), done }),
      );
      await send(api, 'POST', streamsPath(), imageStream(name));
      last.push(await within(30_000, `watch event for ${name} at all watchers`, seen));
      first.push(pending.get(name)?.first ?? 0);
      pending.delete(name);
    }
    return {
      watchers,
      writes,
      connectMs,
      firstWatcherMs: percentiles(first),
      lastWatcherMs: percentiles(last),
    };
  } finally {
    controller.abort();
    await pool.destroy().catch(() => undefined);
  }
}
