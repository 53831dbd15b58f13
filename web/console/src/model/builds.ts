/** Derivations for the builds pages: order, phase, what triggered a build, its number. */
import type { Build, BuildConfig } from './types.js';

const FAILED = ['Failed', 'Error', 'Cancelled'];

export function buildPhase(b: Build): string {
  return b.status?.phase ?? 'New';
}

export function buildFailed(b: Build): boolean {
  return FAILED.includes(buildPhase(b));
}

function buildNumber(b: Build): number {
  return Number(b.metadata.annotations?.['openshift.io/build.number'] ?? 0);
}

/** Newest first: by creation time, then by build number. */
export function newestFirst(builds: readonly Build[]): Build[] {
  return [...builds].sort(
    (a, b) =>
      (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
      buildNumber(b) - buildNumber(a),
  );
}

export function causes(b: Build): string {
  return (b.spec.triggeredBy ?? [])
    .map((c) => c.message ?? '')
    .filter(Boolean)
    .join(', ');
}

export function buildConfigOf(b: Build): string | undefined {
  return b.status?.config?.name ?? b.metadata.labels?.['openshift.io/build-config.name'];
}

export function strategyType(bc: Pick<BuildConfig, 'spec'>): string {
  return bc.spec.strategy.type ?? (bc.spec.strategy.sourceStrategy ? 'Source' : 'Docker');
}

export function outputName(bc: Pick<BuildConfig, 'spec'>): string {
  const to = bc.spec.output.to;
  return to ? `${to.kind ?? ''} ${to.name ?? ''}`.trim() : '(not pushed)';
}
