/** What a rollout is at now: the gate's phase while held, then Running and its result. */
import type { Rollout } from './types.js';

const FINE = ['Succeeded', 'Running', 'Waiting', 'AwaitingApproval', 'Superseded'];

export function rolloutPhase(r: Rollout): string {
  return r.status?.phase ?? r.status?.result ?? 'Running';
}

/** Failed, rolled back, rejected or skipped: shown as an error. */
export function rolloutFailed(r: Rollout): boolean {
  return !FINE.includes(rolloutPhase(r));
}

/** Held for a decision: the approve and reject buttons are offered. */
export function awaitsApproval(r: Rollout): boolean {
  return rolloutPhase(r) === 'AwaitingApproval' && !r.status?.finished && !r.spec?.approval;
}
