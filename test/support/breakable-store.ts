/**
 * A store test double: a real store whose live watches the test can end with an error of its
 * choice (a 410, a store failure), and whose lists and watches it can count, to check that a
 * follower of the store survives a broken watch.
 */
import type { ResourceType, Store, WatchEvent, WatchOptions } from '../../src/store/store.js';

export interface BreakableStore extends Store {
  /** ends every live watch: its consumer's next next() throws `err` */
  breakWatches(err: Error): void;
  /** watches currently open */
  liveWatches(): number;
  /** list calls so far */
  lists(): number;
}

interface LiveWatch {
  error?: Error;
  fail(err: Error): void;
}

export function breakableStore(inner: Store): BreakableStore {
  const live = new Set<LiveWatch>();
  let lists = 0;

  async function* watch(
    type: ResourceType,
    options: WatchOptions,
    signal: AbortSignal,
  ): AsyncGenerator<WatchEvent> {
    const local = new AbortController();
    const onAbort = (): void => local.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let reject: (err: Error) => void = () => undefined;
    const broken = new Promise<never>((_, r) => (reject = r));
    broken.catch(() => undefined);
    const entry: LiveWatch = {
      fail(err) {
        entry.error = err;
        reject(err);
        local.abort();
      },
    };
    live.add(entry);
    try {
      const events = inner.watch(type, options, local.signal)[Symbol.asyncIterator]();
      for (;;) {
        const next = await Promise.race([events.next(), broken]);
        if (entry.error) throw entry.error;
        if (next.done) return;
        yield next.value;
        if (entry.error) throw entry.error;
      }
    } finally {
      live.delete(entry);
      signal.removeEventListener('abort', onAbort);
      local.abort();
    }
  }

  return {
    get: (...a) => inner.get(...a),
    list: (...a) => {
      lists++;
      return inner.list(...a);
    },
    create: (...a) => inner.create(...a),
    update: (...a) => inner.update(...a),
    delete: (...a) => inner.delete(...a),
    watch,
    currentResourceVersion: () => inner.currentResourceVersion(),
    stats: () => inner.stats(),
    close: () => inner.close(),
    breakWatches(err) {
      for (const w of [...live]) w.fail(err);
    },
    liveWatches: () => live.size,
    lists: () => lists,
  };
}
