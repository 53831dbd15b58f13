/** A Preact hook over listAndWatch: the live items of a collection, and how the watch is doing. */
import { useEffect, useState } from 'preact/hooks';
import type { KubeObject } from '../../../../src/api/object.js';
import type { Representation } from './representation.js';
import { listAndWatch } from './watch.js';

export type WatchPhase = 'loading' | 'live' | 'reconnecting' | 'failed';

export interface Watched<T> {
  items: T[];
  phase: WatchPhase;
  error: Error | undefined;
}

const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const FINAL = new Set([401, 403, 404]);

/**
 * A tab hidden for this long lets its watches go (a socket and a subscription on the server
 * each); it lists and watches again when shown. (A streamed watch, the fallback where WebSockets
 * fail, also holds one of the browser's six HTTP/1.1 connections to the server.)
 */
const HIDDEN_GRACE_MS = 10_000;

/** Runs `start` while the document is visible (and a short while after it is hidden). */
function whileVisible(start: () => () => void): () => void {
  let stop: (() => void) | undefined = document.visibilityState === 'hidden' ? undefined : start();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onChange = (): void => {
    clearTimeout(timer);
    if (document.visibilityState === 'hidden') {
      timer = setTimeout(() => {
        stop?.();
        stop = undefined;
      }, HIDDEN_GRACE_MS);
    } else if (!stop) stop = start();
  };
  document.addEventListener('visibilitychange', onChange);
  return () => {
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onChange);
    stop?.();
  };
}

/**
 * `collection` undefined watches nothing (e.g. a page still waiting for a parameter); `how` reads
 * it in another representation than its objects (keep it constant: a module-level value).
 */
export function useWatch<T extends KubeObject>(
  collection: string | undefined,
  how?: Representation<T>,
): Watched<T> {
  const [state, setState] = useState<Watched<T>>({ items: [], phase: 'loading', error: undefined });
  useEffect(() => {
    if (!collection) return undefined;
    setState({ items: [], phase: 'loading', error: undefined });
    return whileVisible(() => watchInto(collection, setState, how));
  }, [collection, how]);
  return state;
}

/** Lists and watches `collection` into `setState` (keeping what it showed until the list answers). */
function watchInto<T extends KubeObject>(
  collection: string,
  setState: (s: Watched<T>) => void,
  how: Representation<T> | undefined,
): () => void {
  const abort = new AbortController();
  const byKey = new Map<string, T>();
  let phase: WatchPhase = 'loading';
  let error: Error | undefined;
  const publish = (): void => setState({ items: [...byKey.values()], phase, error });
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
    how,
  );
  return () => abort.abort();
}
