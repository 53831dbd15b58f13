/**
 * How one container is replaced, from its labels: the order of stop and start
 * (`imagestreams.io/rollout-strategy`) and our own readiness check (`imagestreams.io/readiness`).
 *
 * `start-first` starts the new container while the old one still serves, and stops the old one
 * once the new one passed the health gate. Two containers then run at once, so it is used only
 * where they cannot fight over a port: not on the host's network (or another container's), and
 * no fixed host port published (`-p 8080:80`; an ephemeral `-p 80` is fine). Otherwise the
 * replacement falls back to `stop-first` and the rollout record says why. The default is
 * `stop-first`: two instances of a stateful service must never run on the same data unasked.
 */
import { DockerLabels } from '../../labels.js';
import { parseReadiness, type ReadinessCheck } from './readiness.js';
import type { ContainerInspectSchema } from './schema.js';

export const RolloutStrategy = { StopFirst: 'stop-first', StartFirst: 'start-first' } as const;
export type RolloutStrategy = (typeof RolloutStrategy)[keyof typeof RolloutStrategy];

export interface ReplacePlan {
  strategy: RolloutStrategy;
  /** why start-first was asked for but not used */
  fallback?: string;
  readiness?: ReadinessCheck;
}

/** Why two copies of `c` would conflict on ports; undefined when they cannot. */
export function portConflict(c: ContainerInspectSchema): string | undefined {
  const mode = c.HostConfig.NetworkMode ?? '';
  if (mode === 'host') return 'it uses the host network';
  if (mode.startsWith('container:')) return "it uses another container's network";
  for (const [port, bindings] of Object.entries(c.HostConfig.PortBindings ?? {})) {
    const fixed = (bindings ?? []).find((b) => b.HostPort && b.HostPort !== '0');
    if (fixed) return `it publishes ${port} on host port ${fixed.HostPort}`;
  }
  return undefined;
}

function strategyOf(c: ContainerInspectSchema, value: string | undefined): ReplacePlan | { error: string } {
  if (value === undefined || value === RolloutStrategy.StopFirst)
    return { strategy: RolloutStrategy.StopFirst };
  if (value !== RolloutStrategy.StartFirst)
    return { error: `label ${DockerLabels.rolloutStrategy}: "${value}" is not stop-first or start-first` };
  const conflict = portConflict(c);
  return conflict
    ? { strategy: RolloutStrategy.StopFirst, fallback: `start-first not used: ${conflict}` }
    : { strategy: RolloutStrategy.StartFirst };
}

/** The plan for replacing `old`, or an error naming the label that is wrong. */
export function replacePlan(old: ContainerInspectSchema): ReplacePlan | { error: string } {
  const labels = old.Config.Labels ?? {};
  const plan = strategyOf(old, labels[DockerLabels.rolloutStrategy]);
  if ('error' in plan) return plan;
  const raw = labels[DockerLabels.readiness];
  if (raw === undefined) return plan;
  const readiness = parseReadiness(raw);
  if ('error' in readiness) return { error: `label ${DockerLabels.readiness}: ${readiness.error}` };
  return { ...plan, readiness };
}
