/**
 * When each digest first became a stream tag's current image, seen through a store watch on the
 * stream (no polling): the "tag updated" end of the push benchmarks.
 */
import type { ImageStream } from '../../src/api/types.js';
import { IMAGE_STREAMS } from '../../src/store/resource-types.js';
import type { Store } from '../../src/store/store.js';
import { nowMs } from './measure.js';

export interface TagObserver {
  /** resolves with the time (performance.now) the tag first showed `digest` */
  wait(digest: string, timeoutMs: number): Promise<number>;
  stop(): Promise<void>;
}

export async function observeTag(
  store: Store,
  namespace: string,
  stream: string,
  tag: string,
): Promise<TagObserver> {
  const seen = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const abort = new AbortController();
  const resourceVersion = await store.currentResourceVersion();
  const events = store.watch(
    IMAGE_STREAMS,
    { namespace, fieldSelector: `metadata.name=${stream}`, resourceVersion },
    abort.signal,
  );
  const note = (object: unknown): void => {
    const digest = (object as ImageStream).status?.tags?.find((t) => t.tag === tag)?.items?.[0]?.image;
    if (!digest || seen.has(digest)) return;
    seen.set(digest, nowMs());
    waiters.get(digest)?.();
  };
  const watching = (async () => {
    try {
      for await (const event of events) note(event.object);
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
  })();
  watching.catch(() => undefined);
  return {
    wait(digest, timeoutMs) {
      const at = seen.get(digest);
      if (at !== undefined) return Promise.resolve(at);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(digest);
          reject(new Error(`${namespace}/${stream}:${tag} did not show ${digest} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.set(digest, () => {
          clearTimeout(timer);
          waiters.delete(digest);
          resolve(seen.get(digest) ?? nowMs());
        });
      });
    },
    async stop() {
      abort.abort();
      await watching.catch(() => undefined);
    },
  };
}
