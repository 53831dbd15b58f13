/**
 * Rollout gates, read from a Docker container's labels, a Kubernetes workload's annotations or a
 * WebhookTrigger's annotations (the same keys everywhere):
 *
 *  - `imagestreams.io/rollout-window`: when a rollout may start (window.ts);
 *  - `imagestreams.io/approval: required`: a person approves each new digest first;
 *  - `imagestreams.io/platform`: `required` (the host's own platform, where the target knows it)
 *    or `os/arch[/variant]` list: a digest whose manifest list lacks one is not rolled out.
 *
 * A malformed value is reported with the key that holds it; the gate it belongs to then holds
 * every rollout (closed is the safe side of a window nobody can read).
 */
import { parsePlatform, type Platform } from './platform.js';
import { parseRolloutWindows, type RolloutWindow } from './window.js';

const GateKeys = {
  window: 'imagestreams.io/rollout-window',
  approval: 'imagestreams.io/approval',
  platform: 'imagestreams.io/platform',
} as const;

export interface Gates {
  /** undefined: no window, always open. */
  windows?: RolloutWindow[];
  approval: boolean;
  /** `host`: the target's own platform; a list: each must be in the manifest list. */
  platforms?: 'host' | Platform[];
  /** The target's own pause switch (a WebhookTrigger's `spec.paused`); TriggerStates are read by the gate keeper. */
  paused?: boolean;
  /** The first malformed gate: every rollout holds until it is fixed. */
  invalid?: { field: string; message: string };
}

export interface GateProblem {
  field: string;
  message: string;
}

function platformsOf(value: string): { platforms: NonNullable<Gates['platforms']> } | { error: string } {
  const v = value.trim();
  if (v === 'required' || v === 'host') return { platforms: 'host' };
  const out: Platform[] = [];
  for (const part of v.split(',')) {
    const p = parsePlatform(part.trim());
    if (!p) return { error: `"${part.trim()}" is not "required" or a platform os/arch[/variant]` };
    out.push(p);
  }
  return { platforms: out };
}

/** Every malformed gate value among `meta` (labels or annotations), naming the key. */
function gateProblems(meta: Readonly<Record<string, string>> | undefined): GateProblem[] {
  return parseGates(meta).problems;
}

export function parseGates(meta: Readonly<Record<string, string>> | undefined): {
  gates: Gates;
  problems: GateProblem[];
} {
  const gates: Gates = { approval: false };
  const problems: GateProblem[] = [];
  const window = meta?.[GateKeys.window];
  if (window !== undefined) {
    const parsed = parseRolloutWindows(window);
    if (parsed.ok) gates.windows = parsed.windows;
    else problems.push({ field: GateKeys.window, message: parsed.error });
  }
  const approval = meta?.[GateKeys.approval];
  if (approval !== undefined) {
    if (approval === 'required') gates.approval = true;
    else if (approval !== 'none')
      problems.push({ field: GateKeys.approval, message: `"${approval}" must be "required" or "none"` });
  }
  const platform = meta?.[GateKeys.platform];
  if (platform !== undefined) {
    const p = platformsOf(platform);
    if ('error' in p) problems.push({ field: GateKeys.platform, message: p.error });
    else gates.platforms = p.platforms;
  }
  if (problems[0]) gates.invalid = problems[0];
  return { gates, problems };
}

export function hasGates(g: Gates): boolean {
  return (
    g.windows !== undefined ||
    g.approval ||
    g.platforms !== undefined ||
    g.invalid !== undefined ||
    g.paused === true
  );
}

/** The 422 causes of malformed gate annotations on an API object (WebhookTrigger). */
export function gateCauses(
  annotations: Readonly<Record<string, string>> | undefined,
): Array<{ reason: string; field: string; message: string }> {
  return gateProblems(annotations).map((p) => ({
    reason: 'FieldValueInvalid',
    field: `metadata.annotations[${p.field}]`,
    message: p.message,
  }));
}
