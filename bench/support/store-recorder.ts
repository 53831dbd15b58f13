/**
 * Every change to one kind of object in a namespace, with the time (epoch ms) this process saw it,
 * through a store watch (no polling): when a Build appeared or started, when a tag moved.
 */
import type { KubeObject } from '../../src/api/object.js';
import type { ResourceType, Store } from '../../src/store/store.js';

export interface Seen {
  at: number;
  object: KubeObject;
}

export interface StoreRecorder {
  /** the first change seen since `since` (epoch ms) whose object matches */
  find(since: number, match: (o: KubeObject) => boolean): Seen | undefined;
  stop(): Promise<void>;
}

export async function recordStore(
  store: Store,
  type: ResourceType,
  namespace: string,
): Promise<StoreRecorder> {
  const seen: Seen[] = [];
  const abort = new AbortController();
  const resourceVersion = await store.currentResourceVersion();
  const events = store.watch(type, { namespace, resourceVersion }, abort.signal);
  const watching = (async () => {
    try {
      for await (const event of events) seen.push({ at: Date.now(), object: event.object });
    } catch (err) {
      if (!abort.signal.aborted) throw err;
    }
  })();
  watching.catch(() => undefined);
  return {
    find: (since, match) => seen.find((s) => s.at >= since && match(s.object)),
    async stop() {
      abort.abort();
      await watching.catch(() => undefined);
    },
  };
}
