/** The budget as one line of `isctl describe` output. */
import type { BudgetEntry } from './registry-budget.js';

/** Go-style duration text: 6h0m0s, 4m48s, 30s. */
function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/**
 * e.g. `docker.io: 76/100 requests left per 6h0m0s (10 kept for manual imports), scheduled checks every 4m48s`
 * or `docker.io: paused until 2026-11-27T04:00:00.000Z (429 Too Many Requests)`.
 */
export function formatBudgetLine(e: BudgetEntry): string {
  const parts: string[] = [];
  if (e.limit !== undefined) {
    const window = e.windowSeconds !== undefined ? ` per ${formatDuration(e.windowSeconds * 1000)}` : '';
    const left =
      e.remaining !== undefined ? `${e.remaining}/${e.limit} requests left` : `limit ${e.limit} requests`;
    parts.push(`${left}${window} (${e.reserve} kept for manual imports)`);
  }
  if (e.pausedUntil !== undefined) {
    const why = e.pauseReason === 'RateLimited' ? '429 Too Many Requests' : 'scheduled share used up';
    parts.push(`scheduled checks paused until ${e.pausedUntil} (${why})`);
  } else if (e.paceMs > 0) {
    parts.push(`scheduled checks every ${formatDuration(e.paceMs)}`);
  }
  return `${e.registry}: ${parts.join(', ')}`;
}
