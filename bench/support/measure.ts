/** Timing helpers shared by the benchmarks: bounded loops, percentiles, rates. */

export const nowMs = (): number => performance.now();

/** Runs `op(i)` for i in [0, n) with `concurrency` in flight; returns the elapsed ms. */
export async function runCount(
  n: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<number> {
  const start = nowMs();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) await op(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return nowMs() - start;
}

export interface TimedRun {
  operations: number;
  elapsedMs: number;
  perSecond: number;
  latencyMs: Percentiles;
}

/** Runs `op` back to back with `concurrency` in flight until `durationMs` passes (bounded, always stops). */
export async function runFor(
  durationMs: number,
  concurrency: number,
  op: (i: number) => Promise<unknown>,
): Promise<TimedRun> {
  const start = nowMs();
  const end = start + durationMs;
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (nowMs() < end) {
      const t = nowMs();
      await op(next++);
      latencies.push(nowMs() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedMs = nowMs() - start;
  return {
    operations: latencies.length,
    elapsedMs: round(elapsedMs),
    perSecond: round(latencies.length / (elapsedMs / 1000)),
    latencyMs: percentiles(latencies),
  };
}

export interface Percentiles {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of a sample, rounded to 0.01. */
export function percentiles(sample: readonly number[]): Percentiles {
  const xs = [...sample].sort((a, b) => a - b);
  const at = (p: number): number => round(xs[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)] ?? 0);
  return { count: xs.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(xs.at(-1) ?? 0) };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function perSecond(count: number, elapsedMs: number): number {
  return round(count / (elapsedMs / 1000), 1);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Rejects when `promise` takes longer than `ms`: every phase of the benchmark is bounded. */
export async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
