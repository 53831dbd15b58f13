/**
 * Replacing one container, in steps whose progress is visible in Docker itself so a crash at any
 * point can be finished or undone by `reconcileInterrupted`:
 *
 *   1. create N (temporary name, labels replaces=<old id>, rollout, original-name, old-running)
 *   2. stop O, start N        (stop first: `--network host` services bind fixed ports)
 *   3. health gate on N
 *   4a. success: remove O, rename N to O's name
 *   4b. failure: stop and remove N, start O again
 *
 * With `imagestreams.io/rollout-strategy=start-first` (strategy.ts) steps 2 and 3 become: start
 * N, health gate on N, stop O; a crash in between leaves O running and N is undone.
 */
import type Docker from 'dockerode';
import { DockerLabels } from '../../labels.js';
import { buildReplacementSpec } from './clone-config.js';
import type { HealthGateOptions } from './health.js';
import { replacePlan, RolloutStrategy } from './strategy.js';
import { startFirst, stopFirst, stopIfRunning } from './swap.js';
import { dockerMessage, inspectImage, statusCode } from './inspect.js';
import { StepAction } from '../../rollout-record.js';
import type { ContainerInspectSchema } from './schema.js';

function containerName(c: Pick<ContainerInspectSchema, 'Name'>): string {
  return c.Name.replace(/^\//, '');
}

function temporaryName(original: string, rolloutId: string): string {
  return `${original}-next-${rolloutId.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8)}`;
}

/** Step 1: creates the replacement (not started) and returns its id. */
export async function createReplacement(
  docker: Docker,
  old: ContainerInspectSchema,
  opts: { image: string; rolloutId: string },
): Promise<string> {
  const original = containerName(old);
  const spec = buildReplacementSpec({
    old,
    oldImage: await inspectImage(docker, old.Image),
    image: opts.image,
    name: temporaryName(original, opts.rolloutId),
    labels: {
      [DockerLabels.replaces]: old.Id,
      [DockerLabels.rollout]: opts.rolloutId,
      [DockerLabels.originalName]: original,
      [DockerLabels.oldRunning]: String(old.State.Running),
    },
  });
  const created = await docker.createContainer(spec.create);
  for (const { network, endpoint } of spec.connect) {
    await docker.getNetwork(network).connect({ Container: created.id, EndpointConfig: endpoint });
  }
  return created.id;
}

/** Step 2: stops the old container (when running) and starts the new one. */
export async function swapIn(
  docker: Docker,
  oldId: string,
  newId: string,
  stopTimeoutSeconds: number,
): Promise<void> {
  await stopIfRunning(docker, oldId, stopTimeoutSeconds);
  await docker.getContainer(newId).start();
}

/** Step 4a: removes the old container (keeping its volumes: the new one uses them) and takes its name. */
export async function finishReplacement(
  docker: Docker,
  oldId: string,
  newId: string,
  originalName: string,
): Promise<void> {
  await removeIfExists(docker, oldId);
  await docker.getContainer(newId).rename({ name: originalName });
}

/** Step 4b: removes the new container and starts the old one again when it was running. */
export async function undoReplacement(
  docker: Docker,
  oldId: string,
  newId: string,
  oldWasRunning: boolean,
): Promise<void> {
  await stopIfRunning(docker, newId, 5);
  await removeIfExists(docker, newId);
  if (oldWasRunning) await startIfStopped(docker, oldId);
}

async function startIfStopped(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).start();
  } catch (e) {
    if (statusCode(e) !== 304) throw e;
  }
}

async function removeIfExists(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: false });
  } catch (e) {
    if (statusCode(e) !== 404) throw e;
  }
}

export type StepLogger = (action: StepAction, ok: boolean, message?: string) => Promise<void>;

export type ReplaceOutcome =
  | { ok: true; newId: string }
  /** `rejected`: the new image failed to start or its health gate; the old container runs again. */
  | { ok: false; rejected: boolean; rolledBack: boolean; message: string };

export interface ReplaceOptions {
  image: string;
  rolloutId: string;
  /** Overrides the container's own StopTimeout (default 10 s). */
  stopTimeoutSeconds: number | undefined;
  health: HealthGateOptions;
  /**
   * Asked right before the old container is stopped: false (this replica lost the leadership)
   * removes the unstarted replacement and leaves the old container serving, so a deposed leader
   * never races the new one for the same container.
   */
  shouldContinue?: () => boolean;
}

export const LOST_LEADERSHIP = 'this replica is no longer the leader; the new leader completes the rollout';

/** Steps 1–4 for one container, from its inspect (read just before). */
export async function replaceContainer(
  docker: Docker,
  old: ContainerInspectSchema,
  opts: ReplaceOptions,
  log: StepLogger,
): Promise<ReplaceOutcome> {
  const plan = replacePlan(old);
  if ('error' in plan) {
    await log(StepAction.Create, false, plan.error);
    return { ok: false, rejected: false, rolledBack: false, message: plan.error };
  }
  const created = await create(docker, old, opts, log);
  if (!created.ok) return created.outcome;
  const newId = created.id;
  if (opts.shouldContinue && !opts.shouldContinue()) {
    await undoReplacement(docker, old.Id, newId, old.State.Running);
    await log(StepAction.Rollback, true, LOST_LEADERSHIP);
    return { ok: false, rejected: false, rolledBack: true, message: LOST_LEADERSHIP };
  }
  const swap = { docker, old, newId, opts, plan, log };
  const gate = plan.strategy === RolloutStrategy.StartFirst ? await startFirst(swap) : await stopFirst(swap);
  if (gate.ok) return finish(docker, old, newId, log);
  return rollback(docker, old, newId, gate.message, log);
}

async function create(
  docker: Docker,
  old: ContainerInspectSchema,
  opts: ReplaceOptions,
  log: StepLogger,
): Promise<{ ok: true; id: string } | { ok: false; outcome: ReplaceOutcome }> {
  try {
    const id = await createReplacement(docker, old, opts);
    await log(StepAction.Create, true, id.slice(0, 12));
    return { ok: true, id };
  } catch (e) {
    await log(StepAction.Create, false, dockerMessage(e));
    const message = `creating the replacement failed: ${dockerMessage(e)}`;
    return { ok: false, outcome: { ok: false, rejected: false, rolledBack: false, message } };
  }
}

async function finish(
  docker: Docker,
  old: ContainerInspectSchema,
  newId: string,
  log: StepLogger,
): Promise<ReplaceOutcome> {
  try {
    await finishReplacement(docker, old.Id, newId, containerName(old));
    await log(StepAction.RemoveOld, true);
    await log(StepAction.Rename, true);
    return { ok: true, newId };
  } catch (e) {
    await log(StepAction.Rename, false, dockerMessage(e));
    return {
      ok: false,
      rejected: false,
      rolledBack: false,
      message: `finishing the replacement failed: ${dockerMessage(e)}`,
    };
  }
}

async function rollback(
  docker: Docker,
  old: ContainerInspectSchema,
  newId: string,
  why: string,
  log: StepLogger,
): Promise<ReplaceOutcome> {
  try {
    await undoReplacement(docker, old.Id, newId, old.State.Running);
    await log(StepAction.Rollback, true, why);
    return { ok: false, rejected: true, rolledBack: true, message: why };
  } catch (e) {
    await log(StepAction.Rollback, false, dockerMessage(e));
    return {
      ok: false,
      rejected: true,
      rolledBack: false,
      message: `${why}; rolling back failed too: ${dockerMessage(e)}`,
    };
  }
}
