/**
 * Steps 2 and 3 of a replacement (replace.ts) in either order: stop-first (stop the old
 * container, start the new one, health gate) or start-first (start the new one beside the old,
 * health gate, stop the old one). Failures come back as a gate verdict for the caller to undo.
 */
import type Docker from 'dockerode';
import { StepAction } from '../../rollout-record.js';
import { waitHealthy, type HealthGateOptions } from './health.js';
import { dockerMessage, statusCode } from './inspect.js';
import { engineHost } from './readiness.js';
import type { ContainerInspectSchema } from './schema.js';
import { RolloutStrategy, type ReplacePlan } from './strategy.js';

const DEFAULT_STOP_TIMEOUT_SECONDS = 10;

export type StepLog = (action: StepAction, ok: boolean, message?: string) => Promise<void>;

export interface Swap {
  docker: Docker;
  old: ContainerInspectSchema;
  newId: string;
  opts: { stopTimeoutSeconds: number | undefined; health: HealthGateOptions };
  plan: ReplacePlan;
  log: StepLog;
}

export type Gate = { ok: boolean; message: string };

function stopTimeout(s: Swap): number {
  return s.opts.stopTimeoutSeconds ?? s.old.Config.StopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS;
}

async function gate(s: Swap): Promise<Gate> {
  const health: HealthGateOptions = s.plan.readiness
    ? { ...s.opts.health, readiness: { check: s.plan.readiness, hostAddress: engineHost(s.docker) } }
    : s.opts.health;
  const verdict = await waitHealthy(s.docker, s.newId, health);
  await s.log(StepAction.Health, verdict.ok, verdict.message);
  return verdict;
}

/** Stop the old container, start the new one, then the health gate. */
export async function stopFirst(s: Swap): Promise<Gate> {
  try {
    await stopIfRunning(s.docker, s.old.Id, stopTimeout(s));
    await s.log(StepAction.StopOld, true, s.plan.fallback);
    if (!s.old.State.Running)
      return { ok: true, message: 'old container was not running; replacement left stopped' };
    await s.docker.getContainer(s.newId).start();
    await s.log(StepAction.StartNew, true);
  } catch (e) {
    await s.log(StepAction.StartNew, false, dockerMessage(e));
    return { ok: false, message: `starting the replacement failed: ${dockerMessage(e)}` };
  }
  return gate(s);
}

/** Start the new container beside the old one; stop the old one once the new one passed the gate. */
export async function startFirst(s: Swap): Promise<Gate> {
  if (!s.old.State.Running) return stopFirst(s);
  try {
    await s.docker.getContainer(s.newId).start();
    await s.log(StepAction.StartNew, true, RolloutStrategy.StartFirst);
  } catch (e) {
    await s.log(StepAction.StartNew, false, dockerMessage(e));
    return { ok: false, message: `starting the replacement failed: ${dockerMessage(e)}` };
  }
  const verdict = await gate(s);
  if (!verdict.ok) return verdict;
  try {
    await stopIfRunning(s.docker, s.old.Id, stopTimeout(s));
    await s.log(StepAction.StopOld, true);
  } catch (e) {
    // the new container passed: removing the old one (forced) finishes what the stop did not
    await s.log(StepAction.StopOld, false, dockerMessage(e));
  }
  return verdict;
}

export async function stopIfRunning(docker: Docker, id: string, t: number): Promise<void> {
  try {
    await docker.getContainer(id).stop({ t });
  } catch (e) {
    // 304: already stopped; 404: already gone. Both are the state we want.
    if (statusCode(e) !== 304 && statusCode(e) !== 404) throw e;
  }
}
