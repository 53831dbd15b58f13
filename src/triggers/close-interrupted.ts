/**
 * Rollout records a leader left open when it died or lost the leadership: a new leader closes
 * them when its trigger controller starts (no rollout of its own is running yet), as Failed with
 * the reason, and says what crash recovery did to the container it found half-replaced. The
 * rollout itself is not adopted: the controller re-plans from Docker and the tag, and starts a
 * fresh one if the containers still need it.
 */
import { guaranteedUpdate } from '../store/guaranteed-update.js';
import { ROLLOUTS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import { HELD_PHASES, phaseOf } from './gates/gated-record.js';
import type { Rollout } from './rollout-objects.js';
import { RolloutResult } from './rollout-record.js';

export interface InterruptedRecovery {
  container: string;
  action: string;
  rolloutId: string | undefined;
}

export const INTERRUPTED_REASON = 'interrupted: the replica running it stopped or lost the leadership';

function reasonFor(id: string, recoveries: readonly InterruptedRecovery[]): string {
  const found = recoveries.filter((r) => r.rolloutId === id);
  if (found.length === 0) return INTERRUPTED_REASON;
  const what = found.map((r) => `${r.container}: half-done replacement ${r.action}`).join(', ');
  return `${INTERRUPTED_REASON}; recovery on restart: ${what}`;
}

/** Open: started and not finished. A rollout a gate holds has not started: it waits on, across restarts. */
const isOpen = (o: Rollout): boolean => !o.status?.finished && !HELD_PHASES.includes(phaseOf(o) ?? '');

/** Closes every open Rollout record; returns how many. */
export async function closeInterruptedRollouts(
  store: Store,
  recoveries: readonly InterruptedRecovery[],
  now: Date,
): Promise<number> {
  const open = (await store.list(ROLLOUTS)).items.filter(isOpen);
  for (const record of open) {
    await guaranteedUpdate(store, ROLLOUTS, record.metadata.namespace, record.metadata.name, (current) => {
      if (!isOpen(current)) return undefined;
      const status = current.status ?? {};
      return {
        ...current,
        status: {
          ...status,
          finished: now.toISOString(),
          result: RolloutResult.Failed,
          phase: RolloutResult.Failed,
          reason: reasonFor(current.metadata.name, recoveries),
        },
      };
    });
  }
  return open.length;
}
