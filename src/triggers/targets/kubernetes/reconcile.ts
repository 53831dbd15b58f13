/**
 * One object's reconcile: first the rollouts it follows (follow.ts), then plan from the
 * informer's copy (no request when nothing fires), re-read the object, re-plan and send one JSON
 * patch. A 409 Conflict, or a 422 from a failed `test` (someone changed the object in between),
 * means: read again and re-decide, a few times. A Deployment, StatefulSet or DaemonSet patch also
 * writes what it changed to the in-flight annotation, and its rollout is followed from then on.
 */
import { randomUUID } from 'node:crypto';
import { logger } from '../../../observability/logger.js';
import { resolveTagImage, type ResolvedTagImage } from '../../../api/tag-history.js';
import type { ImageStream } from '../../../api/types.js';
import { RolloutResult, type RolloutRecord, type RolloutRecorder } from '../../rollout-record.js';
import { formatTagRef, type Trigger } from '../../trigger.js';
import { apiErrorMessage, apiStatusCode, type KindClient } from './client.js';
import { followRollouts } from './follow.js';
import { inFlightEntry, inFlightOf, inFlightOps } from './in-flight.js';
import { readTracked } from './read-tracked.js';
import { recordEnded, recordStarted } from './rollout-records.js';
import { hasRollout } from './rollout-status.js';
import type { InFlightEntrySchema, WorkloadSchema } from './schema.js';
import { KINDS, type WorkloadKind } from './kinds.js';
import { buildPatch, planObject, type ImageUpdate, type ObjectPlan } from './plan.js';
import { admit, type TrackedObject } from './tracked.js';
import { gatePlan, workloadTarget, type GatedPlan, type WorkloadGate } from './gate-plan.js';

const log = logger('triggers.kubernetes');

export interface ReconcileDeps {
  clients: Record<WorkloadKind, KindClient>;
  getStream(namespace: string, name: string): Promise<ImageStream | undefined>;
  recorder: RolloutRecorder | undefined;
  maxAttempts: number;
  now: () => Date;
  /** The rollout gates, asked before every patch; absent: none. */
  gate?: WorkloadGate | undefined;
}

export type ReconcileOutcome =
  | {
      state: 'tracked';
      tracked: TrackedObject;
      plan: ObjectPlan;
      patched: ImageUpdate[];
      /** A gate holds an update until then (its window opens): reconcile again at that time. */
      retryAt?: number;
    }
  | { state: 'gone' };

export async function reconcileObject(
  observed: TrackedObject,
  deps: ReconcileDeps,
): Promise<ReconcileOutcome> {
  const tracked = await followRollouts(observed, deps);
  if (!tracked) return { state: 'gone' };
  const first = await planFor(tracked, deps);
  if (!first.plan.changed) return unchanged(tracked, first);
  const client = deps.clients[tracked.ref.kind];
  for (let attempt = 1; ; attempt++) {
    const fresh = await readTracked(client, tracked);
    if (!fresh) return { state: 'gone' };
    const gated = await planFor(fresh, deps);
    const plan = gated.plan;
    if (!plan.changed) return unchanged(fresh, gated);
    const started = deps.now().toISOString();
    const flight = planFlight(fresh, gated, started);
    try {
      const response = await client.jsonPatch(fresh.ref.namespace, fresh.ref.name, [
        ...buildPatch(fresh.object, plan),
        ...flight.ops,
      ]);
      return await afterPatch(deps, fresh, gated, { started, flight, response });
    } catch (e) {
      const code = apiStatusCode(e);
      if ((code === 409 || code === 422) && attempt < deps.maxAttempts) {
        log.debug({ object: fresh.ref, code, attempt }, 'patch lost a race, re-reading');
        continue;
      }
      if (code === 404) return { state: 'gone' };
      await record(deps, fresh, gated, started, RolloutResult.Failed, apiErrorMessage(e));
      throw new Error(
        `patching ${fresh.ref.kind} ${fresh.ref.namespace}/${fresh.ref.name} failed after ${attempt} attempt(s): ${apiErrorMessage(e)}`,
        { cause: e },
      );
    }
  }
}

function unchanged(tracked: TrackedObject, gated: GatedPlan): ReconcileOutcome {
  return {
    state: 'tracked',
    tracked,
    plan: gated.plan,
    patched: [],
    ...(gated.retryAt !== undefined ? { retryAt: gated.retryAt } : {}),
  };
}

async function afterPatch(
  deps: ReconcileDeps,
  fresh: TrackedObject,
  gated: GatedPlan,
  sent: { started: string; flight: Flight; response: unknown },
): Promise<ReconcileOutcome> {
  const after = admit(fresh.ref.kind, sent.response, fresh);
  if (sent.flight.followed) await recordFollowed(deps, fresh, sent.flight);
  else await record(deps, fresh, gated, sent.started, RolloutResult.Succeeded);
  return {
    state: 'tracked',
    tracked: 'tracked' in after ? after.tracked : fresh,
    plan: gated.plan,
    patched: gated.plan.updates,
    ...(gated.retryAt !== undefined ? { retryAt: gated.retryAt } : {}),
  };
}

interface Flight {
  followed: boolean;
  ops: ReturnType<typeof inFlightOps>;
  started: InFlightEntrySchema[];
  /** Followed rollouts of the same fields that this patch replaces. */
  superseded: InFlightEntrySchema[];
}

/** For kinds that roll out: the in-flight entries this patch starts and those it supersedes. */
function planFlight(fresh: TrackedObject, gated: GatedPlan, started: string): Flight {
  if (!hasRollout(fresh.ref.kind) || gated.plan.updates.length === 0)
    return { followed: false, ops: [], started: [], superseded: [] };
  const obj: WorkloadSchema = fresh.object;
  const current = inFlightOf(obj);
  const fields = new Set(gated.plan.updates.map((u) => u.trigger.fieldPath));
  const entries = gated.plan.updates.map((u) => {
    const id = gated.rolloutIds.get(u);
    return inFlightEntry(u, id ?? randomUUID(), id !== undefined, started);
  });
  const kept = current.filter((e) => !fields.has(e.fieldPath));
  return {
    followed: true,
    ops: inFlightOps(obj, [...kept, ...entries]),
    started: entries,
    superseded: current.filter((e) => fields.has(e.fieldPath)),
  };
}

async function recordFollowed(deps: ReconcileDeps, t: TrackedObject, flight: Flight): Promise<void> {
  const target = workloadTarget(t);
  for (const entry of flight.superseded) {
    const next = flight.started.find((e) => e.fieldPath === entry.fieldPath);
    await recordEnded(deps, target, {
      entry,
      result: RolloutResult.Failed,
      reason: `superseded by ${next?.reference ?? 'a newer image'} before the rollout completed`,
    });
  }
  for (const entry of flight.started) await recordStarted(deps, target, entry);
}

/** Plans with each followed stream fetched once, then asks the gates. */
async function planFor(tracked: TrackedObject, deps: ReconcileDeps): Promise<GatedPlan> {
  const streams = new Map<string, ImageStream | undefined>();
  for (const t of tracked.triggers) {
    const k = `${t.from.namespace}/${t.from.stream}`;
    if (!t.paused && !streams.has(k)) streams.set(k, await deps.getStream(t.from.namespace, t.from.stream));
  }
  const resolve = (t: Trigger): ResolvedTagImage | undefined => {
    const s = streams.get(`${t.from.namespace}/${t.from.stream}`);
    return s ? resolveTagImage(s, t.from.tag) : undefined;
  };
  const plan = planObject(
    tracked.object,
    KINDS[tracked.ref.kind],
    tracked.triggers,
    resolve,
    tracked.lastTriggered,
  );
  return gatePlan(plan, tracked, deps.gate);
}

/** One record per container set, for kinds without a rollout to follow (CronJob, Pod): it ends at the patch. */
async function record(
  deps: ReconcileDeps,
  tracked: TrackedObject,
  gated: GatedPlan,
  started: string,
  result: RolloutResult,
  reason?: string,
): Promise<void> {
  for (const u of gated.plan.updates) {
    const gatedId = gated.rolloutIds.get(u);
    const rec: RolloutRecord = {
      id: gatedId ?? randomUUID(),
      target: workloadTarget(tracked),
      containers: [u.slot.name],
      fromDigest: u.fromDigest,
      toDigest: u.digest,
      toReference: u.reference,
      started,
      finished: deps.now().toISOString(),
      result,
      reason:
        reason ??
        `set ${u.trigger.fieldPath} from ${formatTagRef(u.trigger.from)} (was ${u.slot.image ?? 'unset'}); the ${tracked.ref.kind} controller rolls it out`,
      steps: [],
    };
    log.info(
      { target: rec.target, container: u.slot.name, to: u.reference, result },
      'image trigger applied',
    );
    try {
      await deps.recorder?.finished(rec);
      if (gatedId) await deps.gate?.complete(u.trigger.from.namespace, gatedId, result, rec.reason ?? '');
    } catch (e) {
      log.warn({ target: rec.target, err: e }, 'rollout recorder failed');
    }
  }
}
