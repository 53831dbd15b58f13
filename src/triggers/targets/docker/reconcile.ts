/**
 * Crash recovery from Docker state alone. A replacement carries the labels
 * `imagestreams.io/replaces=<old id>` and `imagestreams.io/original-name=<name>`, and keeps a
 * temporary name until the old container is removed. So on start-up:
 *
 *  - old gone, replacement still under its temporary name: the old one was removed after a
 *    passed gate; rename the replacement (and start it if the old one was running).
 *  - old present, one replacement running and healthy, old stopped: the gate passed; finish it.
 *  - old present otherwise: undo (remove the replacements, restart the old one if it was running).
 *    The trigger has not recorded the digest, so the next pass rolls it out again.
 *
 * Either way exactly one container per original name remains.
 */
import type Docker from 'dockerode';
import { logger } from '../../../observability/logger.js';
import { DockerLabels } from '../../labels.js';
import { inspectContainerIfExists } from './inspect.js';
import { finishReplacement, undoReplacement } from './replace.js';
import { ContainerSummarySchema, type ContainerInspectSchema } from './schema.js';

const log = logger('triggers.docker');

export const RecoveryAction = { Completed: 'completed', Renamed: 'renamed', Undone: 'undone' } as const;
export type RecoveryAction = (typeof RecoveryAction)[keyof typeof RecoveryAction];

export interface Recovery {
  /** The container's original name. */
  container: string;
  oldId: string;
  action: RecoveryAction;
  rolloutId: string | undefined;
}

interface Pending {
  oldId: string;
  original: string;
  rolloutId: string | undefined;
  oldWasRunning: boolean;
  replacements: ContainerInspectSchema[];
}

/** Finishes or undoes replacements left half-done by a crash; returns what it did. */
export async function reconcileInterrupted(docker: Docker): Promise<Recovery[]> {
  const pending = await findPending(docker);
  const done: Recovery[] = [];
  for (const p of pending) {
    const action = await recover(docker, p);
    log.warn(
      { container: p.original, oldId: p.oldId, action, rollout: p.rolloutId },
      'recovered an interrupted replacement',
    );
    done.push({ container: p.original, oldId: p.oldId, action, rolloutId: p.rolloutId });
  }
  return done;
}

async function findPending(docker: Docker): Promise<Pending[]> {
  const list = await docker.listContainers({ all: true, filters: { label: [DockerLabels.replaces] } });
  const byOld = new Map<string, Pending>();
  for (const raw of list) {
    const s = ContainerSummarySchema.parse(raw);
    const labels = s.Labels ?? {};
    const oldId = labels[DockerLabels.replaces];
    const original = labels[DockerLabels.originalName];
    if (!oldId || !original) continue;
    if (s.Names.some((n) => n.replace(/^\//, '') === original)) continue; // finished: it took the name
    const inspect = await inspectContainerIfExists(docker, s.Id);
    if (!inspect) continue;
    const p = byOld.get(oldId) ?? {
      oldId,
      original,
      rolloutId: labels[DockerLabels.rollout],
      oldWasRunning: false,
      replacements: [],
    };
    p.oldWasRunning ||= labels[DockerLabels.oldRunning] === 'true';
    p.replacements.push(inspect);
    byOld.set(oldId, p);
  }
  return [...byOld.values()];
}

async function recover(docker: Docker, p: Pending): Promise<RecoveryAction> {
  const old = await inspectContainerIfExists(docker, p.oldId);
  const [keep, ...extra] = [...p.replacements].sort(
    (a, b) => Number(b.State.Running) - Number(a.State.Running),
  );
  if (!keep) return RecoveryAction.Undone;
  if (!old) {
    for (const x of extra) await undoReplacement(docker, p.oldId, x.Id, false);
    await docker.getContainer(keep.Id).rename({ name: p.original });
    if (p.oldWasRunning && !keep.State.Running) await docker.getContainer(keep.Id).start();
    return RecoveryAction.Renamed;
  }
  if (extra.length === 0 && !old.State.Running && gatePassed(keep)) {
    await finishReplacement(docker, p.oldId, keep.Id, p.original);
    return RecoveryAction.Completed;
  }
  for (const r of p.replacements) await undoReplacement(docker, p.oldId, r.Id, false);
  if (p.oldWasRunning || old.State.Running)
    await docker.getContainer(p.oldId).start().catch(ignoreAlreadyStarted);
  return RecoveryAction.Undone;
}

function gatePassed(c: ContainerInspectSchema): boolean {
  if (!c.State.Running) return false;
  const health = c.State.Health?.Status;
  return health === undefined || health === 'none' || health === 'healthy';
}

function ignoreAlreadyStarted(e: unknown): void {
  if (typeof e === 'object' && e !== null && 'statusCode' in e && e.statusCode === 304) return;
  throw e;
}
