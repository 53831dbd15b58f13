/**
 * The health gate. With our own readiness check (`imagestreams.io/readiness`, readiness.ts) the
 * replacement passes as soon as the check answers, tried every 100 ms; otherwise one with a
 * healthcheck must report `healthy` (Docker sets it on the first passing check), and one without
 * must still be running after a short settle time. Either way a container that exits or reports
 * `unhealthy` fails at once. Polls inspect: events would be faster, but a missed event must not
 * hang us.
 */
import type Docker from 'dockerode';
import { inspectContainerIfExists } from './inspect.js';
import { probeOnce, readinessAddress, type ReadinessCheck } from './readiness.js';
import type { ContainerInspectSchema } from './schema.js';

/** How often our own readiness check is tried. */
const READINESS_INTERVAL_MS = 100;

export interface HealthGateOptions {
  timeoutMs: number;
  /** How long a container without healthcheck must keep running. */
  settleMs: number;
  pollMs: number;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Our own check, and the address of the engine's host (for containers on the host network). */
  readiness?: { check: ReadinessCheck; hostAddress: string };
}

export type HealthVerdict = { ok: true; message: string } | { ok: false; message: string };

/** The verdict Docker's own state gives, or undefined to keep waiting. */
function dockerVerdict(
  c: ContainerInspectSchema | undefined,
  elapsed: number,
  opts: HealthGateOptions,
): HealthVerdict | undefined {
  if (!c) return { ok: false, message: 'the new container disappeared' };
  if (!c.State.Running) {
    return {
      ok: false,
      message: `the new container exited (status ${c.State.Status}, exit code ${c.State.ExitCode ?? '?'})`,
    };
  }
  const health = c.State.Health?.Status;
  if (health === 'unhealthy') return { ok: false, message: 'the new container reported unhealthy' };
  if (opts.readiness) return undefined;
  if (health === 'healthy') return { ok: true, message: 'healthy' };
  const hasHealth = health !== undefined && health !== 'none';
  if (!hasHealth && elapsed >= opts.settleMs)
    return { ok: true, message: `running for ${elapsed} ms (no healthcheck)` };
  return undefined;
}

async function ready(
  c: ContainerInspectSchema,
  readiness: NonNullable<HealthGateOptions['readiness']>,
  remainingMs: number,
): Promise<HealthVerdict | undefined> {
  const address = readinessAddress(c, readiness.hostAddress);
  if (!address)
    return {
      ok: false,
      message: `no address to check ${readiness.check.label} at (network ${c.HostConfig.NetworkMode ?? '?'})`,
    };
  const answered = await probeOnce(address, readiness.check, Math.max(1, Math.min(1_000, remainingMs)));
  return answered ? { ok: true, message: `ready (${readiness.check.label})` } : undefined;
}

export async function waitHealthy(
  docker: Docker,
  id: string,
  opts: HealthGateOptions,
): Promise<HealthVerdict> {
  const start = opts.now();
  const pollMs = opts.readiness ? READINESS_INTERVAL_MS : opts.pollMs;
  for (;;) {
    const c = await inspectContainerIfExists(docker, id);
    const elapsed = opts.now() - start;
    const verdict =
      dockerVerdict(c, elapsed, opts) ??
      (c && opts.readiness ? await ready(c, opts.readiness, opts.timeoutMs - elapsed) : undefined);
    if (verdict) return verdict;
    if (opts.now() - start >= opts.timeoutMs) {
      const what = opts.readiness ? `ready (${opts.readiness.check.label})` : 'healthy';
      return { ok: false, message: `the new container was not ${what} within ${opts.timeoutMs} ms` };
    }
    await opts.sleep(pollMs);
  }
}
