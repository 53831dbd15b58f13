/**
 * The schedule's one piece of own state: the time through which every due check was done,
 * written every few seconds to minutes and on shutdown, so a restart knows which slots it
 * missed. Stored as a small cluster-scoped object next to the streams (same store, so it moves
 * with `isctl migrate` only if asked; without it a restart just catches up within a minute).
 */
import { z } from 'zod';
import type { KubeObject } from '../../api/object.js';
import { isStatusError } from '../../api/status-error.js';
import type { Store } from '../../store/store.js';

import { SCHEDULE_CHECKPOINTS } from '../../store/resource-types.js';
const NAME = 'scheduled-import';

const CheckpointSchema = z.object({
  metadata: z.object({ name: z.string() }),
  checkedThrough: z.string(),
  intervalMs: z.number(),
});

export interface Checkpoint {
  checkedThroughMs: number;
  intervalMs: number;
}

export interface CheckpointStore {
  load(): Promise<Checkpoint | undefined>;
  save(checkpoint: Checkpoint): Promise<void>;
}

export function storeCheckpoints(store: Store): CheckpointStore {
  return {
    async load() {
      const parsed = CheckpointSchema.safeParse(await store.get(SCHEDULE_CHECKPOINTS, undefined, NAME));
      if (!parsed.success) return undefined;
      const t = Date.parse(parsed.data.checkedThrough);
      return Number.isNaN(t) ? undefined : { checkedThroughMs: t, intervalMs: parsed.data.intervalMs };
    },
    async save(checkpoint) {
      const object: KubeObject = {
        apiVersion: 'imagestreams.io/v1',
        kind: 'ScheduledImportCheckpoint',
        metadata: { name: NAME },
        checkedThrough: new Date(checkpoint.checkedThroughMs).toISOString(),
        intervalMs: checkpoint.intervalMs,
      };
      try {
        await store.update(SCHEDULE_CHECKPOINTS, object);
      } catch (e) {
        if (!(isStatusError(e) && e.code === 404)) throw e;
        await store.create(SCHEDULE_CHECKPOINTS, object);
      }
    },
  };
}

/** For tests and `--disable`-like setups: remembers in memory only. */
export function memoryCheckpoints(
  initial?: Checkpoint,
): CheckpointStore & { current(): Checkpoint | undefined } {
  let value = initial;
  return {
    load: async () => value,
    save: async (c) => {
      value = c;
    },
    current: () => value,
  };
}
