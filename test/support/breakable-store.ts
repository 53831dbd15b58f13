/**
 * A store test double: a real store whose live watches the test can end with an error of its
 * choice (a 410, a store failure), and whose lists and watches it can count, to check that a
 * follower of the store survives a broken watch.
 */
import type { KubeObject } from '../../src/api/object.js';
import { ForwardingStore } from '../../src/store/forwarding-store.js';
import type {
  ListOptions,
  ListResult,
  ResourceType,
  Store,
  WatchEvent,
  WatchOptions,
} from '../../src/store/store.js';

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

/** Forwards everything to `inner` (ForwardingStore), counting lists and tracking live watches. */
class Breakable extends ForwardingStore implements BreakableStore {
  private readonly live = new Set<LiveWatch>();
  private listCalls = 0;

  override list<T extends KubeObject>(type: ResourceType<T>, options?: ListOptions): Promise<ListResult<T>> {
    this.listCalls++;
    return super.list(type, options);
  }

  override watch<T extends KubeObject>(
    type: ResourceType<T>,
    options: WatchOptions,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent<T>> {
    return this.breakableWatch(type, options, signal);
  }

  private async *breakableWatch<T extends KubeObject>(
    type: ResourceType<T>,
    options: WatchOptions,
    signal: AbortSignal,
  ): AsyncGenerator<WatchEvent<T>> {
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
    this.live.add(entry);
    try {
      const events = this.inner.watch(type, options, local.signal)[Symbol.asyncIterator]();
      for (;;) {
        const next = await Promise.race([events.next(), broken]);
        if (entry.error) throw entry.error;
        if (next.done) return;
        yield next.value;
        if (entry.error) throw entry.error;
      }
    } finally {
      this.live.delete(entry);
      signal.removeEventListener('abort', onAbort);
      local.abort();
    }
  }

  breakWatches(err: Error): void {
    for (const w of [...this.live]) w.fail(err);
  }

  liveWatches(): number {
    return this.live.size;
  }

  lists(): number {
    return this.listCalls;
  }
}

export function breakableStore(inner: Store): BreakableStore {
  return new Breakable(inner);
}
