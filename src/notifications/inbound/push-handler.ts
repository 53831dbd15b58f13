/**
 * From normalized push events to import requests: find the stream tags that follow each pushed
 * repository and tag, and hand them on: stored as PendingImport work (`record`, what the server
 * does, so an answered notification survives this replica), or queued in an in-memory coalescer.
 * The streams come from the index by followed repository (stream-index.ts) when the caller runs
 * one, so a notification costs a lookup; without one, every stream is listed (all namespaces).
 */
import type { ImageStream } from '../../api/types.js';
import { laneOf } from '../../importer/index.js';
import type { Store } from '../../store/store.js';
import type { PushLatencyTracker } from '../push-latency.js';
import { IMAGE_STREAMS } from '../../store/resource-types.js';
import { streamTagKey, type PendingPush, type PushCoalescer } from './coalescer.js';
import { matchPushEvent, type StreamTagMatch } from './match.js';
import type { PushEvent } from './push-event.js';
import { normalizeRegistryHost, normalizeRepository } from './registry-host.js';
import type { RunningStreamIndex } from './stream-index.js';

const PAGE = 500;

/** The import lane of a push: its registry, keyed as the importer keys its lanes. */
function registryLane(host: string, repository: string): string {
  return laneOf(`${normalizeRegistryHost(host)}/${normalizeRepository(host, repository)}`);
}

export async function listAllStreams(store: Store): Promise<ImageStream[]> {
  const items: ImageStream[] = [];
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
  /** the streams by followed repository; without it every notification lists every stream */
  index?: RunningStreamIndex;
}

/** For each event, the streams that may follow its repository. */
async function candidatesFor(
  options: PushHandlerOptions,
): Promise<(event: PushEvent) => readonly ImageStream[]> {
  const running = options.index;
  if (running) await running.synced();
  if (running?.listed()) return (event) => running.index.candidates(event);
  const streams = await listAllStreams(options.store);
  return () => streams;
}

export function createPushHandler(options: PushHandlerOptions): PushHandler {
  return {
    async handle(events) {
      if (events.length === 0) return [];
      const streamsFor = await candidatesFor(options);
      const matched: StreamTagMatch[] = [];
      const pushes: PendingPush[] = [];
      for (const event of events) {
        for (const match of matchPushEvent(event, streamsFor(event))) {
          matched.push(match);
          options.latency?.notePush(streamTagKey(match), event.receivedAt);
          pushes.push({
            ...match,
            source: event.source,
            receivedAt: event.receivedAt,
            ...(event.digest ? { digest: event.digest } : {}),
            ...(event.registryHost ? { registry: registryLane(event.registryHost, event.repository) } : {}),
          });
        }
      }
      if (options.record && pushes.length > 0) await options.record(pushes);
      for (const push of pushes) options.coalescer?.add(push);
      return matched;
    },
  };
}
