/**
 * A watch's initial list, read from etcd a page at a time as the watcher consumes it: the first
 * range pins the revision, every later range reads that same revision from etcd's MVCC history
 * (a consistent snapshot, whatever is written meanwhile), continuing just after the last key.
 * A watcher that stops reading holds about one page, not the list. If the pinned revision is
 * compacted away before the last page, the watch ends with 410 (the client lists and watches
 * again), as the Kubernetes apiserver answers a list at a compacted revision.
 */
import type { IRangeResponse } from 'etcd3';
import { tooOldResourceVersion } from '../resource-version.js';
import { hasNoSelectors, matches, type ParsedSelectors } from '../selectors.js';
import { decodeObject } from './etcd-codec.js';
import type { EtcdContext } from './etcd-context.js';
import { isCompactedError, toStatusError } from './etcd-errors.js';
import type { KeyRange } from './etcd-keys.js';
import type { EventQueue } from './event-queue.js';

/** keys read per range of a watch's initial list */
export const WATCH_LIST_PAGE = 100;

async function rangeAt(
  ctx: EtcdContext,
  start: Buffer,
  end: Buffer,
  revision: number | undefined,
): Promise<IRangeResponse> {
  try {
    return await ctx.kv.range({
      key: start,
      range_end: end,
      limit: WATCH_LIST_PAGE,
      ...(revision !== undefined ? { revision } : {}),
    });
  } catch (err) {
    // etcd does not say how far it compacted; the pinned revision is the newest one known lost
    if (revision !== undefined && isCompactedError(err)) throw tooOldResourceVersion(revision, revision);
    throw toStatusError('watch list', err);
  }
}

/**
 * Pushes the objects under `bounds` that match the selectors as ADDED events, a page at a time,
 * reading the next page once the consumer is within half a page of the end of the queue.
 * Resolves to the revision the list was read at (the watch continues from the next one).
 */
export async function streamInitialList(
  ctx: EtcdContext,
  bounds: KeyRange,
  selectors: ParsedSelectors,
  queue: EventQueue,
): Promise<number> {
  const filtered = !hasNoSelectors(selectors);
  let start = bounds.start;
  let revision: number | undefined;
  for (;;) {
    const res = await rangeAt(ctx, start, bounds.end, revision);
    revision ??= Number(res.header.revision);
    for (const kv of res.kvs) {
      const object = decodeObject(kv);
      if (!filtered || matches(object, selectors)) queue.push({ type: 'ADDED', object });
    }
    const lastKv = res.kvs.at(-1);
    if (!res.more || !lastKv) return revision;
    start = Buffer.concat([lastKv.key, Buffer.from([0])]);
    await queue.room(WATCH_LIST_PAGE / 2);
    if (queue.finished) return revision;
  }
}
