/**
 * The outbound side wired together: the tag watcher feeds Events and webhooks, and the Event
 * sweeper deletes expired Events. With a leader elector it runs only on the leader (several
 * replicas on etcd must not announce each move several times).
 */
import type { LeaderElector } from '../../controllers/leader-election.js';
import type { Store } from '../../store/store.js';
import type { Clock } from '../../controllers/clock.js';
import { streamTagKey } from '../inbound/coalescer.js';
import type { PushLatencyTracker } from '../push-latency.js';
import type { EventRecorder } from './event-recorder.js';
import { startEventSweeper, type EventSweeper } from './event-ttl.js';
import type { TagChange } from './tag-changes.js';
import { startTagWatcher, type TagWatcher } from './tag-watcher.js';
import type { WebhookDispatcher } from './webhook-dispatcher.js';

export interface OutboundOptions {
  store: Store;
  /** undefined: no Events are written */
  recorder?: EventRecorder;
  dispatcher: WebhookDispatcher;
  latency?: PushLatencyTracker;
  leader?: LeaderElector;
  eventTtlMs?: number;
  eventSweepIntervalMs?: number;
  clock: Clock;
  /** extra listeners of tag changes (e.g. tests, future consumers) */
  onChanges?: (changes: TagChange[]) => void;
}

export interface Outbound {
  /** resolves once the watcher is following the store (immediately resolved when not leader) */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export function startOutbound(options: OutboundOptions): Outbound {
  let watcher: TagWatcher | undefined;
  let sweeper: EventSweeper | undefined;

  const handle = async (changes: TagChange[]): Promise<void> => {
    const now = new Date(options.clock.now());
    for (const change of changes) {
      options.latency?.tagUpdated(streamTagKey(change), now);
      options.dispatcher.publish(change);
      await options.recorder?.recordTagUpdated({ ...change, reference: change.dockerImageReference });
    }
    options.onChanges?.(changes);
  };

  const start = (): void => {
    if (watcher) return;
    watcher = startTagWatcher({ store: options.store, onChanges: handle, clock: options.clock });
    if (options.recorder) {
      sweeper = startEventSweeper({
        store: options.store,
        clock: options.clock,
        ...(options.eventTtlMs !== undefined ? { ttlMs: options.eventTtlMs } : {}),
        ...(options.eventSweepIntervalMs !== undefined ? { intervalMs: options.eventSweepIntervalMs } : {}),
      });
    }
  };

  const halt = async (): Promise<void> => {
    const w = watcher;
    watcher = undefined;
    sweeper?.stop();
    sweeper = undefined;
    await w?.stop();
  };

  let unsubscribe: (() => void) | undefined;
  if (options.leader) {
    unsubscribe = options.leader.onChange((leader) => (leader ? start() : void halt()));
    if (options.leader.isLeader()) start();
  } else {
    start();
  }

  return {
    ready: () => watcher?.ready ?? Promise.resolve(),
    async stop() {
      unsubscribe?.();
      await halt();
    },
  };
}
