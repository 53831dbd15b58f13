/**
 * How far V8 lets the old generation grow past what the last full collection kept alive, for the
 * serving process (`isctl serve`). V8 sets the next full collection's limit at the live size times
 * a factor it picks from its collection and allocation speeds, up to 4x when the heap limit is
 * large (node's default on a machine with a few GiB). A server's garbage is mostly per-request objects that outlive two
 * young-generation collections while the request waits for its store (on etcd: a gRPC round trip
 * per write and per consistent read), so the old generation fills with short-lived garbage up to
 * that limit, and the pages it took stay resident. Measured with the API benchmark on etcd
 * (docs/benchmarks.md): the old space reached 88–119 MiB for 36–51 MiB alive, and the server's
 * peak RSS 282–331 MiB; at 1.5x the old space stays near 60 MiB and the peak near 200 MiB, for
 * 22 full collections of a small heap instead of 5 (0.1–0.2 s more per run of the benchmark).
 *
 * The flag is read at every limit computation, so setting it at startup applies to the whole
 * run. An operator's own `--heap-growing-percent` on node's command line wins (node refuses it in
 * NODE_OPTIONS).
 */
import { setFlagsFromString } from 'node:v8';

/** the old generation may grow to 1.5x its live size before the next full collection */
export const SERVING_HEAP_GROWING_PERCENT = 50;

const FLAG = /--heap[-_]growing[-_]percent\b/;

/** The V8 flag to set, or undefined when the operator gave node one already. */
export function heapGrowthFlag(
  execArgv: readonly string[],
  percent: number = SERVING_HEAP_GROWING_PERCENT,
): string | undefined {
  if (!Number.isInteger(percent) || percent <= 0)
    throw new Error(`heap growing percent must be a positive integer, got ${percent}`);
  if (execArgv.some((a) => FLAG.test(a))) return undefined;
  return `--heap-growing-percent=${percent}`;
}

/** Bounds the old generation's growth for this process (once, at the server's startup). */
export function limitHeapGrowth(): void {
  const flag = heapGrowthFlag(process.execArgv);
  if (flag) setFlagsFromString(flag);
}
