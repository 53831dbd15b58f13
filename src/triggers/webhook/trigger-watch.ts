/**
 * Follows WebhookTrigger objects: list, then watch from that version, restarted from scratch after
 * an error or a 410. Only spec changes (generation) are passed on: the controller's own status
 * writes do not wake it up again.
 */
import type { KubeObject } from '../../api/object.js';
import type { QueueClock } from '../../controllers/work-queue.js';
import { logger } from '../../observability/logger.js';
import { WEBHOOK_TRIGGERS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';

const log = logger('triggers.webhook');

export interface TriggerWatchOptions {
  store: Store;
  clock: QueueClock;
  onChange(object: KubeObject): void;
  onDelete(namespace: string, name: string): void;
  restartDelayMs?: number;
}

export interface TriggerWatch {
  synced(): Promise<void>;
  stop(): void;
}

function fingerprint(o: KubeObject): string {
  return `${o.metadata.uid ?? ''}/${o.metadata.generation ?? 0}/${JSON.stringify(o.spec)}`;
}

export function watchWebhookTriggers(options: TriggerWatchOptions): TriggerWatch {
  const stopping = new AbortController();
  const seen = new Map<string, string>();
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));

  const handle = (type: string, o: KubeObject) => {
    const ns = o.metadata.namespace ?? '';
    const key = `${ns}/${o.metadata.name}`;
    if (type === 'DELETED') {
      seen.delete(key);
      options.onDelete(ns, o.metadata.name);
      return;
    }
    if (type !== 'ADDED' && type !== 'MODIFIED') return;
    const fp = fingerprint(o);
    if (seen.get(key) === fp) return;
    seen.set(key, fp);
    options.onChange(o);
  };

  const once = async () => {
    seen.clear();
    const current = await options.store.list(WEBHOOK_TRIGGERS);
    for (const o of current.items) handle('ADDED', o);
    markSynced();
    const events = options.store.watch(
      WEBHOOK_TRIGGERS,
      { resourceVersion: current.resourceVersion },
      stopping.signal,
    );
    for await (const ev of events) handle(ev.type, ev.object);
  };

  const loop = async () => {
    while (!stopping.signal.aborted) {
      try {
        await once();
      } catch (err) {
        if (stopping.signal.aborted) return;
        markSynced();
        log.warn(
          { err: err instanceof Error ? err.message : String(err) },
          'webhook trigger watch ended; restarting',
        );
      }
      if (stopping.signal.aborted) return;
      await new Promise<void>((resolve) => {
        const cancel = options.clock.schedule(resolve, options.restartDelayMs ?? 1000);
        stopping.signal.addEventListener('abort', () => (cancel(), resolve()), { once: true });
      });
    }
  };
  void loop();
  return { synced: () => synced, stop: () => stopping.abort() };
}
