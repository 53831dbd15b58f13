/**
 * The health gate: a replacement with a healthcheck must report `healthy` (Docker sets it on the
 * first passing check) before the rollout goes on; one without must still be running after a
 * short settle time. Polls inspect: events would be faster, but a missed event must not hang us.
 */
import type Docker from 'dockerode';
import { inspectContainerIfExists } from './inspect.js';

export interface HealthGateOptions {
  timeoutMs: number;
  /** How long a container without healthcheck must keep running. */
  settleMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

export type HealthVerdict = { ok: true; message: string } | { ok: false; message: string };

export async function waitHealthy(
  docker: Docker,
  id: string,
  opts: HealthGateOptions,
): Promise<HealthVerdict> {
  const start = opts.now();
  let hasHealth = false;
  for (;;) {
    const c = await inspectContainerIfExists(docker, id);
    if (!c) return { ok: false, message: 'the new container disappeared' };
    if (!c.State.Running) {
      return {
        ok: false,
        message: `the new container exited (status ${c.State.Status}, exit code ${c.State.ExitCode ?? '?'})`,
      };
    }
    const health = c.State.Health?.Status;
    hasHealth = health !== undefined && health !== 'none';
    if (health === 'healthy') return { ok: true, message: 'healthy' };
    if (health === 'unhealthy') return { ok: false, message: 'the new container reported unhealthy' };
    const elapsed = opts.now() - start;
    if (!hasHealth && elapsed >= opts.settleMs)
      return { ok: true, message: `running for ${elapsed} ms (no healthcheck)` };
    if (elapsed >= opts.timeoutMs) {
      return { ok: false, message: `the new container was not healthy within ${opts.timeoutMs} ms` };
    }
    await opts.sleep(opts.pollMs);
  }
}
