/**
 * Approve / Reject buttons of a rollout awaiting approval, and their confirmation dialog. The
 * decision is written through the API as `isctl approve|reject rollout NAME` writes it.
 */
import { Approval, decideRollout } from '../actions/rollout-actions.js';
import { shortDigest } from '../model/streams.js';
import type { Rollout } from '../model/types.js';
import { ConfirmDialog } from './confirm-dialog.js';

export interface PendingDecision {
  rollout: Rollout;
  approval: Approval;
}

export function DecisionButtons({ r, decide }: { r: Rollout; decide: (d: PendingDecision) => void }) {
  const name = r.metadata.name;
  return (
    <span class="decision">
      <button type="button" onClick={() => decide({ rollout: r, approval: Approval.Approved })}>
        Approve<span class="sr-only"> rollout {name}</span>
      </button>{' '}
      <button type="button" onClick={() => decide({ rollout: r, approval: Approval.Rejected })}>
        Reject<span class="sr-only"> rollout {name}</span>
      </button>
    </span>
  );
}

export function DecisionDialog({
  decision,
  onDone,
}: {
  decision: PendingDecision;
  onDone: (message: string | undefined) => void;
}) {
  const { rollout, approval } = decision;
  const name = rollout.metadata.name;
  const ns = rollout.metadata.namespace ?? '';
  const approve = approval === Approval.Approved;
  const to = rollout.spec?.toDigest;
  return (
    <ConfirmDialog
      title={`${approve ? 'Approve' : 'Reject'} rollout ${name}`}
      confirmLabel={approve ? 'Approve' : 'Reject'}
      onConfirm={() => decideRollout(ns, name, approval)}
      onDone={onDone}
    >
      <p>
        {approve ? 'Rolls out' : 'Refuses'} <code>{to ? shortDigest(to) : 'the image'}</code> of{' '}
        <strong>{rollout.spec?.from?.name}</strong> {approve ? 'to' : 'for'}{' '}
        <code>{rollout.spec?.target}</code>
        {approve
          ? ' (in its rollout window, if it has one)'
          : ': it is not rolled out there until the tag moves again'}
        , as{' '}
        <code>
          isctl {approve ? 'approve' : 'reject'} rollout {name}
        </code>
        .
      </p>
    </ConfirmDialog>
  );
}
