/**
 * One object's reconcile: plan from the informer's copy (no request when nothing fires), then
 * re-read the object, re-plan and send one JSON patch. A 409 Conflict, or a 422 from a failed
 * `test` (someone changed the object in between), means: read again and re-decide, a few times.
 */
import { randomUUID } from 'node:crypto';
import { logger } from '../../../observability/logger.js';
import { resolveTrigger, type ImageStreamView, type ResolvedImage } from '../../resolve.js';
import { RolloutResult, type RolloutRecord, type RolloutRecorder } from '../../rollout-record.js';
import { formatTagRef, type Trigger } from '../../trigger.js';
import { apiErrorMessage, apiStatusCode, type KindClient } from './client.js';
import { KINDS, type WorkloadKind } from './kinds.js';
import { buildPatch, planObject, type ImageUpdate, type ObjectPlan } from './plan.js';
import { admit, type TrackedObject } from './tracked.js';
import { gatePlan, workloadTarget, type GatedPlan, type WorkloadGate } from './gate-plan.js';

const log = logger('triggers.kubernetes');

export interface ReconcileDeps {
  clients: Record<WorkloadKind, KindClient>;
  getStream(namespace: string, name: string): Promise<ImageStreamView | undefined>;
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
  tracked: TrackedObject,
  deps: ReconcileDeps,
): Promise<ReconcileOutcome> {
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
    try {
      const response = await client.jsonPatch(
        fresh.ref.namespace,
        fresh.ref.name,
        buildPatch(fresh.object, plan),
      );
      const after = admit(fresh.ref.kind, response, fresh);
      await record(deps, fresh, gated, started, RolloutResult.Succeeded);
      return {
        state: 'tracked',
        tracked: 'tracked' in after ? after.tracked : fresh,
        plan,
        patched: plan.updates,
        ...(gated.retryAt !== undefined ? { retryAt: gated.retryAt } : {}),
      };
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

async function readTracked(client: KindClient, tracked: TrackedObject): Promise<TrackedObject | undefined> {
  try {
    const raw = await client.read(tracked.ref.namespace, tracked.ref.name);
    const a = admit(tracked.ref.kind, raw, tracked);
    return 'tracked' in a ? a.tracked : undefined;
  } catch (e) {
    if (apiStatusCode(e) === 404) return undefined;
    throw new Error(
      `reading ${tracked.ref.kind} ${tracked.ref.namespace}/${tracked.ref.name} failed: ${apiErrorMessage(e)}`,
      { cause: e },
    );
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

/** Plans with each followed stream fetched once, then asks the gates. */
async function planFor(tracked: TrackedObject, deps: ReconcileDeps): Promise<GatedPlan> {
  const streams = new Map<string, ImageStreamView | undefined>();
  for (const t of tracked.triggers) {
    const k = `${t.from.namespace}/${t.from.stream}`;
    if (!t.paused && !streams.has(k)) streams.set(k, await deps.getStream(t.from.namespace, t.from.stream));
  }
  const resolve = (t: Trigger): ResolvedImage | undefined => {
    const s = streams.get(`${t.from.namespace}/${t.from.stream}`);
    return s ? resolveTrigger(t, s) : undefined;
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

/** One record per container set: Kubernetes does the rollout itself, so a record ends at the patch. */
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
