/**
 * From normalized push events to import requests: find the stream tags that follow each pushed
 * repository and tag, and queue them in the coalescer. The lookup lists every stream (all
 * namespaces); an index by repository is future work for very large stores.
 */
import type { KubeObject } from '../../api/object.js';
import type { Store } from '../../store/store.js';
import type { PushLatencyTracker } from '../push-latency.js';
import { IMAGE_STREAMS } from '../stream-view.js';
import { streamTagKey, type PushCoalescer } from './coalescer.js';
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
  coalescer: PushCoalescer;
  latency?: PushLatencyTracker;
}

export function createPushHandler(options: PushHandlerOptions): PushHandler {
  return {
    async handle(events) {
      if (events.length === 0) return [];
      const streams = await listAllStreams(options.store);
      const matched: StreamTagMatch[] = [];
      for (const event of events) {
        for (const match of matchPushEvent(event, streams)) {
          matched.push(match);
          options.latency?.notePush(streamTagKey(match), event.receivedAt);
          options.coalescer.add({
            ...match,
            source: event.source,
            receivedAt: event.receivedAt,
            ...(event.digest ? { digest: event.digest } : {}),
          });
        }
      }
      return matched;
    },
  };
}
