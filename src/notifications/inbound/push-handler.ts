/**
 * From normalized push events to import requests: find the stream tags that follow each pushed
 * repository and tag, and hand them on: stored as PendingImport work (`record`, what the server
 * does, so an answered notification survives this replica), or queued in an in-memory coalescer.
 * The lookup lists every stream (all namespaces); an index by repository is future work for very
 * large stores.
 */
import type { KubeObject } from '../../api/object.js';
import type { Store } from '../../store/store.js';
import type { PushLatencyTracker } from '../push-latency.js';
import { IMAGE_STREAMS } from '../stream-view.js';
import { streamTagKey, type PendingPush, type PushCoalescer } from './coalescer.js';
import { matchPushEvent, type StreamTagMatch } from './match.js';
import type { PushEvent } from './push-event.js';

const PAGE = 500;

export async function listAllStreams(store: Store): Promise<KubeObject[]> {
  const items: KubeObject[] = [];
  let token: string | undefined;
  do {
    const page = await store.list(IMAGE_STREAMS, { limit: PAGE, ...(token ? { continue: token } : {}) });
    items.push(...page.items);
    token = page.continue;
  } while (token);
  return items;
}

export interface PushHandler {
  /** Queues imports for every stream tag following the pushes; returns the matched stream tags. */
  handle(events: PushEvent[]): Promise<StreamTagMatch[]>;
}

export interface PushHandlerOptions {
  store: Store;
  /** in-memory hand-off: imports are lost if this process dies before the window closes */
  coalescer?: PushCoalescer;
  /** durable hand-off: resolves once the requests are stored; a rejection makes the route answer 500 */
  record?: (pushes: PendingPush[]) => Promise<void>;
  latency?: PushLatencyTracker;
}

export function createPushHandler(options: PushHandlerOptions): PushHandler {
  return {
    async handle(events) {
      if (events.length === 0) return [];
      const streams = await listAllStreams(options.store);
      const matched: StreamTagMatch[] = [];
      const pushes: PendingPush[] = [];
      for (const event of events) {
        for (const match of matchPushEvent(event, streams)) {
          matched.push(match);
          options.latency?.notePush(streamTagKey(match), event.receivedAt);
          pushes.push({
            ...match,
            source: event.source,
            receivedAt: event.receivedAt,
            ...(event.digest ? { digest: event.digest } : {}),
          });
        }
      }
      if (options.record && pushes.length > 0) await options.record(pushes);
      for (const push of pushes) options.coalescer?.add(push);
      return matched;
    },
  };
}
