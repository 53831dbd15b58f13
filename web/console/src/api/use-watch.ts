/** A Preact hook over listAndWatch: the live items of a collection, and how the watch is doing. */
import { useEffect, useState } from 'preact/hooks';
import type { KubeObject } from '../../../../src/api/object.js';
import { listAndWatch } from './watch.js';

export type WatchPhase = 'loading' | 'live' | 'reconnecting' | 'failed';

export interface Watched<T> {
  items: T[];
  phase: WatchPhase;
  error: Error | undefined;
}

const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const FINAL = new Set([401, 403, 404]);

/** `collection` undefined watches nothing (e.g. a page still waiting for a parameter). */
export function useWatch<T extends KubeObject>(collection: string | undefined): Watched<T> {
  const [state, setState] = useState<Watched<T>>({ items: [], phase: 'loading', error: undefined });
  useEffect(() => {
    if (!collection) return undefined;
    const abort = new AbortController();
    const byKey = new Map<string, T>();
    let phase: WatchPhase = 'loading';
    let error: Error | undefined;
    const publish = (): void => setState({ items: [...byKey.values()], phase, error });
    setState({ items: [], phase: 'loading', error: undefined });
    void listAndWatch<T>(
      collection,
      {
        reset(items) {
          byKey.clear();
          for (const item of items) byKey.set(keyOf(item), item);
          publish();
        },
        upsert(item) {
          byKey.set(keyOf(item), item);
          publish();
        },
        remove(item) {
          byKey.delete(keyOf(item));
          publish();
        },
        state(live, err) {
          const code = (err as { code?: number } | undefined)?.code;
          phase = live ? 'live' : code !== undefined && FINAL.has(code) ? 'failed' : 'reconnecting';
          error = live ? undefined : err;
          publish();
        },
      },
      abort.signal,
    );
    return () => abort.abort();
  }, [collection]);
  return state;
}
