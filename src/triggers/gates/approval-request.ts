/**
 * The decision on a Rollout a gate holds for approval, as a request body: the Rollout as read,
 * with `spec.approval` set. `isctl approve|reject rollout` and the console's buttons both send
 * it (a GET then a PUT of the Rollout), so the command and the button never differ. Pure (no
 * Node built-ins): the console bundles it.
 */
import type { KubeObject } from '../../api/object.js';

export const Approval = { Approved: 'Approved', Rejected: 'Rejected' } as const;
export type Approval = (typeof Approval)[keyof typeof Approval];

/** The Rollout to PUT back: everything as read (its resourceVersion too), plus the decision. */
export function withApproval<T extends KubeObject>(
  rollout: T,
  approval: Approval,
): T & { spec: { approval: Approval } } {
  const spec = rollout.spec && typeof rollout.spec === 'object' ? rollout.spec : {};
  return { ...rollout, spec: { ...spec, approval } };
}

/** What `isctl` prints for a decision: `rollout.imagestreams.io/NAME approved`. */
export function approvalMessage(name: string, approval: Approval): string {
  return `rollout.imagestreams.io/${name} ${approval.toLowerCase()}`;
}
