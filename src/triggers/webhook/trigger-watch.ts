/**
 * Follows WebhookTrigger objects: list, then watch from that version, restarted from scratch after
 * an error or a 410. Only spec changes (generation) are passed on: the controller's own status
 * writes do not wake it up again.
 */
import type { KubeObject } from '../../api/object.js';
import type { Clock } from '../../controllers/clock.js';
import { startInformer } from '../../controllers/informer.js';
import { WEBHOOK_TRIGGERS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';

export interface TriggerWatchOptions {
  store: Store;
  clock: Clock;
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
  return startInformer({
    store: options.store,
    type: WEBHOOK_TRIGGERS,
    clock: options.clock,
    fingerprint,
    onChange: options.onChange,
    onDelete: options.onDelete,
    ...(options.restartDelayMs !== undefined ? { restartDelayMs: options.restartDelayMs } : {}),
  });
}
