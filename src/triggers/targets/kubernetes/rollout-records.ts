/**
 * The Rollout records of the Kubernetes target, the type the Docker target writes: one per
 * patched container, `Running` from the patch until the workload's controller reports the rollout
 * complete (Succeeded) or stuck (Failed, the digest rejected and the image restored).
 */
import { logger } from '../../../observability/logger.js';
import type { WorkloadGate } from './gate-plan.js';
import {
  RolloutResult,
  StepAction,
  type RolloutRecord,
  type RolloutRecorder,
  type RolloutStep,
} from '../../rollout-record.js';
import type { InFlightEntrySchema } from './schema.js';

const log = logger('triggers.kubernetes');

export interface RecordSinks {
  recorder: RolloutRecorder | undefined;
  gate?: WorkloadGate | undefined;
  now: () => Date;
}

export interface Ending {
  entry: InFlightEntrySchema;
  result: RolloutResult;
  reason: string;
  /** The controller's verdict (a health step); absent when the rollout ended for another cause. */
  health?: { ok: boolean; message: string };
  rejected?: boolean;
  /** The image put back, when one was. */
  restored?: string;
}

function patchStep(entry: InFlightEntrySchema): RolloutStep {
  return {
    at: entry.started,
    container: entry.container,
    action: StepAction.Patch,
    ok: true,
    message: `set ${entry.fieldPath} to ${entry.reference}`,
  };
}

function baseRecord(target: string, entry: InFlightEntrySchema): RolloutRecord {
  return {
    id: entry.id,
    target,
    containers: [entry.container],
    fromDigest: entry.fromDigest,
    toDigest: entry.digest,
    toReference: entry.reference,
    started: entry.started,
    finished: undefined,
    result: undefined,
    from: { ...entry.from },
    steps: [patchStep(entry)],
  };
}

/** The record of a patch whose rollout is now followed. */
export async function recordStarted(sinks: RecordSinks, target: string, entry: InFlightEntrySchema) {
  const rec = baseRecord(target, entry);
  rec.reason = `the ${target.split(':')[1]?.split('/')[0] ?? 'workload'} controller rolls it out`;
  log.info(
    { target, container: entry.container, to: entry.reference },
    'image trigger applied, following the rollout',
  );
  await safely(target, () => sinks.recorder?.progress?.(rec));
}

export async function recordEnded(sinks: RecordSinks, target: string, end: Ending): Promise<void> {
  const at = sinks.now().toISOString();
  const rec = baseRecord(target, end.entry);
  if (end.health)
    rec.steps.push({
      at,
      container: end.entry.container,
      action: StepAction.Health,
      ok: end.health.ok,
      message: end.health.message,
    });
  if (end.restored !== undefined)
    rec.steps.push({
      at,
      container: end.entry.container,
      action: StepAction.Rollback,
      ok: true,
      message: `restored ${end.restored}`,
    });
  rec.finished = at;
  rec.result = end.result;
  rec.reason = end.reason;
  if (end.rejected) rec.rejectedDigest = end.entry.digest;
  log.info(
    { target, container: end.entry.container, result: end.result, reason: end.reason },
    'rollout finished',
  );
  await safely(target, async () => {
    await sinks.recorder?.finished(rec);
    if (end.entry.gated)
      await sinks.gate?.complete(end.entry.from.namespace, end.entry.id, end.result, end.reason);
  });
}

async function safely(target: string, fn: () => unknown): Promise<void> {
  try {
    await fn();
  } catch (e) {
    log.warn({ target, err: e }, 'rollout recorder failed');
  }
}

export { RolloutResult };
