/**
 * How far V8 lets the old generation grow past what the last full collection kept alive, for the
 * serving process (`isctl serve`). V8 sets the next full collection's limit at the live size times
 * a factor it picks from its collection and allocation speeds, up to 4x on a machine with more
 * than 2 GiB for the heap. A server's garbage is mostly per-request objects that outlive two
 * young-generation collections while the request waits for its store (on etcd: a gRPC round trip
 * per write and per consistent read), so the old generation fills with short-lived garbage up to
 * that limit, and the pages it took stay resident. Measured with the API benchmark on etcd
 * (docs/benchmarks.md): the old space reached 110–130 MiB for 40–60 MiB alive, and the server's
 * peak RSS 287–331 MiB; at 1.5x it stays near 60 MiB and the peak near 200 MiB, for about 1 s
 * more CPU per 10,000 creates (more frequent full collections of a small heap).
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
