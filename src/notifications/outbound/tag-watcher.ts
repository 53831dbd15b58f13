/**
 * Follows every ImageStream and reports tag changes. It lists first and remembers each tag's
 * head without reporting anything (a restart must not re-announce old moves), then watches from
 * the list's resourceVersion. A 410 (history compacted) relists and reports what moved while it
 * was not watching; other errors retry the watch from the last seen resourceVersion.
 */
import { isStatusError } from '../../api/status-error.js';
import { logger } from '../../observability/logger.js';
import type { Store, WatchEvent } from '../../store/store.js';
import { realTimers, type Timers } from '../clock.js';
import { listAllStreams } from '../inbound/push-handler.js';
import { IMAGE_STREAMS } from '../stream-view.js';
import {
  diffTagSnapshots,
  streamIdentity,
  tagSnapshot,
  type TagChange,
  type TagSnapshot,
} from './tag-changes.js';

const log = logger('notifications');

export interface TagWatcherOptions {
  store: Store;
  onChanges(changes: TagChange[]): void | Promise<void>;
  /** pause before re-watching after an error (default 1 s) */
  retryDelayMs?: number;
  timers?: Pick<Timers, 'sleep'>;
}

export interface TagWatcher {
  /** resolves once the initial list is remembered and the watch is open */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const keyOf = (ns: string, name: string): string => `${ns}/${name}`;

class WatchState {
  readonly snapshots = new Map<string, TagSnapshot>();
  resourceVersion = '0';

  /** Applies a list; returns the changes against what was known (none on the first list). */
  applyList(items: unknown[], resourceVersion: string, report: boolean): TagChange[] {
    const changes: TagChange[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const id = streamIdentity(item);
      if (!id) continue;
      const key = keyOf(id.namespace, id.name);
      seen.add(key);
      const next = tagSnapshot(item);
      if (report) changes.push(...diffTagSnapshots(this.snapshots.get(key), next, id));
      this.snapshots.set(key, next);
    }
    for (const key of [...this.snapshots.keys()]) if (!seen.has(key)) this.snapshots.delete(key);
    this.resourceVersion = resourceVersion;
    return changes;
  }

  applyEvent(event: WatchEvent): TagChange[] {
    const rv = event.object.metadata.resourceVersion;
    if (rv) this.resourceVersion = rv;
    if (event.type === 'BOOKMARK') return [];
    const id = streamIdentity(event.object);
    if (!id) return [];
    const key = keyOf(id.namespace, id.name);
    if (event.type === 'DELETED') {
      this.snapshots.delete(key);
      return [];
    }
    const next = tagSnapshot(event.object);
    const changes = diffTagSnapshots(this.snapshots.get(key), next, id);
    this.snapshots.set(key, next);
    return changes;
  }
}

async function listInto(store: Store, state: WatchState, report: boolean): Promise<TagChange[]> {
  const rv = await store.currentResourceVersion();
  // the list is taken after rv: a change between the two is seen twice, and the second time is a no-op
  const items = await listAllStreams(store);
  return state.applyList(items, rv, report);
}

export function startTagWatcher(options: TagWatcherOptions): TagWatcher {
  const { store } = options;
  const timers = options.timers ?? realTimers;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const abort = new AbortController();
  const state = new WatchState();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const emit = async (changes: TagChange[]): Promise<void> => {
    if (changes.length === 0) return;
    try {
      await options.onChanges(changes);
    } catch (err) {
      log.error({ err }, 'tag change handler failed');
    }
  };

  const watchOnce = async (): Promise<void> => {
    const events = store.watch(IMAGE_STREAMS, { resourceVersion: state.resourceVersion }, abort.signal);
    markReady();
    for await (const event of events) await emit(state.applyEvent(event));
  };

  const loop = async (): Promise<void> => {
    let listed = false;
    let everListed = false;
    while (!abort.signal.aborted) {
      try {
        if (!listed) {
          await emit(await listInto(store, state, everListed));
          listed = everListed = true;
        }
        await watchOnce();
      } catch (err) {
        if (abort.signal.aborted) break;
        if (isStatusError(err) && err.code === 410) listed = false;
        else log.warn({ err }, 'image stream watch failed; retrying');
      }
      // also after a watch that simply ended: never spin
      await timers.sleep(retryDelayMs, abort.signal);
    }
    markReady();
  };

  const running = loop();
  return {
    ready,
    async stop() {
      abort.abort();
      await running;
    },
  };
}
