/**
 * Following the rollouts the target started (the in-flight annotation) until the workload's
 * controller reports each one complete or stuck, as `kubectl rollout status` reads it. Called on
 * every reconcile of the object, which the informer triggers on every status change, so a new
 * leader or a restarted watch simply continues from the object.
 *
 * On a stuck rollout (ProgressDeadlineExceeded) the container gets its previous image back; the
 * last-triggered memory keeps the failed digest, so it is not applied again (rejected) until the
 * tag moves to another one. A container whose image someone else changed meanwhile (a
 * `kubectl rollout undo`, a new `set image`) is left as it is: that rollout ends, not followed.
 */
import type { Operation } from 'fast-json-patch';
import { logger } from '../../../observability/logger.js';
import { apiErrorMessage, apiStatusCode, type KindClient } from './client.js';
import { workloadTarget } from './gate-plan.js';
import { inFlightOf, inFlightOps } from './in-flight.js';
import type { WorkloadKind } from './kinds.js';
import { readTracked } from './read-tracked.js';
import { recordEnded, RolloutResult, type Ending, type RecordSinks } from './rollout-records.js';
import { hasRollout, rolloutProgress, RolloutState } from './rollout-status.js';
import type { InFlightEntrySchema, WorkloadSchema } from './schema.js';
import { admit, type TrackedObject } from './tracked.js';

const log = logger('triggers.kubernetes');

export interface FollowDeps extends RecordSinks {
  clients: Record<WorkloadKind, KindClient>;
  maxAttempts: number;
}

interface Verdict {
  ended: Ending[];
  remaining: InFlightEntrySchema[];
}

/** The image at a container pointer, when the container there still has that name. */
function imageAt(obj: WorkloadSchema, pointer: string, name: string): string | undefined {
  let cur: unknown = obj;
  for (const seg of pointer.split('/').slice(1)) {
    cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  const c = cur as { name?: unknown; image?: unknown } | undefined;
  return c?.name === name && typeof c.image === 'string' ? c.image : undefined;
}

function judge(t: TrackedObject): Verdict {
  const entries = inFlightOf(t.object);
  const verdict: Verdict = { ended: [], remaining: [] };
  if (entries.length === 0 || !hasRollout(t.ref.kind)) return verdict;
  const progress = rolloutProgress(t.ref.kind, t.object);
  for (const entry of entries) {
    const now = imageAt(t.object, entry.pointer, entry.container);
    if (now !== entry.reference) {
      verdict.ended.push({
        entry,
        result: RolloutResult.Failed,
        reason: `${entry.container} was set to ${now ?? '(none)'} by someone else before the rollout completed; left as it is`,
      });
    } else if (progress.state === RolloutState.Complete) {
      verdict.ended.push({
        entry,
        result: RolloutResult.Succeeded,
        reason: `rollout complete: ${progress.message}`,
        health: { ok: true, message: progress.message },
      });
    } else if (progress.state === RolloutState.Failed) {
      verdict.ended.push({
        entry,
        result: RolloutResult.Failed,
        reason: `${progress.message}; ${entry.digest} rejected, ${entry.previous ? `${entry.container} restored to ${entry.previous}` : 'no previous image to restore'}`,
        health: { ok: false, message: progress.message },
        rejected: true,
        ...(entry.previous !== undefined ? { restored: entry.previous } : {}),
      });
    } else verdict.remaining.push(entry);
  }
  return verdict;
}

function restoreOps(ended: readonly Ending[]): Operation[] {
  const ops: Operation[] = [];
  for (const e of ended) {
    if (e.restored === undefined) continue;
    const p = e.entry.pointer;
    ops.push(
      { op: 'test', path: `${p}/name`, value: e.entry.container },
      { op: 'test', path: `${p}/image`, value: e.entry.reference },
      { op: 'replace', path: `${p}/image`, value: e.restored },
    );
  }
  return ops;
}

/**
 * Ends the followed rollouts the object's status decides; returns the object after that (the
 * same one when nothing ended), or undefined when it is gone.
 */
export async function followRollouts(
  tracked: TrackedObject,
  deps: FollowDeps,
): Promise<TrackedObject | undefined> {
  if (judge(tracked).ended.length === 0) return tracked;
  const client = deps.clients[tracked.ref.kind];
  const target = workloadTarget(tracked);
  for (let attempt = 1; ; attempt++) {
    const fresh = await readTracked(client, tracked);
    if (!fresh) return undefined;
    const v = judge(fresh);
    if (v.ended.length === 0) return fresh;
    const ops = [...restoreOps(v.ended), ...inFlightOps(fresh.object, v.remaining)];
    try {
      const response = await client.jsonPatch(fresh.ref.namespace, fresh.ref.name, ops);
      for (const e of v.ended) await recordEnded(deps, target, e);
      const after = admit(fresh.ref.kind, response, fresh);
      return 'tracked' in after ? after.tracked : fresh;
    } catch (e) {
      const code = apiStatusCode(e);
      if ((code === 409 || code === 422) && attempt < deps.maxAttempts) {
        log.debug({ object: fresh.ref, code, attempt }, 'ending a rollout lost a race, re-reading');
        continue;
      }
      if (code === 404) return undefined;
      throw new Error(
        `ending the rollout of ${fresh.ref.kind} ${fresh.ref.namespace}/${fresh.ref.name} failed: ${apiErrorMessage(e)}`,
        { cause: e },
      );
    }
  }
}
