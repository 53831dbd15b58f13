/**
 * Where the time of one rebuild goes, from the moments the benchmark saw (pure, so it is tested
 * without an engine). Each phase lasts from the latest moment before it to its own; a moment not
 * seen makes its phase NaN (two moments seen out of order make the later phase 0).
 */
import { percentiles, type Percentiles } from '../support/measure.js';

/** epoch ms of each step of one round, in the order they happen */
export interface BuildMoments {
  /** the base image's `docker push` returned */
  pushed: number;
  /** the base stream tag showed the pushed digest (the registry's notification, then an import) */
  baseTagMoved?: number;
  /** the ImageChange trigger created the Build */
  buildCreated?: number;
  /** the build controller set it Running */
  buildRunning?: number;
  /** the engine tagged the built image (the engine's `tag` event) */
  imageBuilt?: number;
  /** the engine finished pushing it (the engine's `push` event) */
  imagePushed?: number;
  /** the output stream tag showed the build's digest */
  outputTagMoved?: number;
  /** the Docker target started the replacement container (the engine's `start` event) */
  containerStarted?: number;
  /** the container following the output tag answered with the new base's version */
  serving?: number;
}

export const PHASES = [
  ['import', 'baseTagMoved'],
  ['trigger', 'buildCreated'],
  ['start', 'buildRunning'],
  ['build', 'imageBuilt'],
  ['push', 'imagePushed'],
  ['tag move', 'outputTagMoved'],
  ['rollout: replace', 'containerStarted'],
  ['rollout: ready', 'serving'],
] as const satisfies readonly (readonly [string, keyof BuildMoments])[];

export type PhaseName = (typeof PHASES)[number][0];

export function phaseDurations(m: BuildMoments): Record<PhaseName, number> {
  const out = {} as Record<PhaseName, number>;
  let previous = m.pushed;
  for (const [name, moment] of PHASES) {
    const at = m[moment];
    out[name] = at === undefined ? NaN : Math.max(0, Math.round(at - previous));
    if (at !== undefined) previous = Math.max(previous, at);
  }
  return out;
}

export interface BuildBenchSummary {
  rounds: number;
  /** base push returned -> the rebuilt application serves */
  totalMs: Percentiles;
  phasesMs: Record<PhaseName, Percentiles>;
}

export function summarizeRounds(rounds: readonly BuildMoments[]): BuildBenchSummary {
  const durations = rounds.map(phaseDurations);
  // a moment not seen leaves its phase out, rather than sorting NaN into the percentiles
  const seen = (xs: number[]): Percentiles => percentiles(xs.filter(Number.isFinite));
  const phasesMs = Object.fromEntries(
    PHASES.map(([name]) => [name, seen(durations.map((d) => d[name]))]),
  ) as Record<PhaseName, Percentiles>;
  return {
    rounds: rounds.length,
    totalMs: seen(rounds.map((r) => (r.serving ?? NaN) - r.pushed)),
    phasesMs,
  };
}

export function buildRows(s: BuildBenchSummary): Record<string, string | number>[] {
  const row = (what: string, p: Percentiles): Record<string, string | number> => ({
    'from base push finished': what,
    'p50 ms': p.p50,
    'p90 ms': p.p90,
    'max ms': p.max,
  });
  return [
    row('to the rebuilt application serving', s.totalMs),
    ...PHASES.map(([name]) => row(`  ${name}`, s.phasesMs[name])),
  ];
}
