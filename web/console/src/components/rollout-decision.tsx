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

/** What the decision does, in words, and the command that does the same. */
function DecisionText({ rollout, approve }: { rollout: Rollout; approve: boolean }) {
  const to = rollout.spec?.toDigest;
  return (
    <p>
      {approve ? 'Rolls out' : 'Refuses'} <code>{to ? shortDigest(to) : 'the image'}</code> of{' '}
      <strong>{rollout.spec?.from?.name}</strong> {approve ? 'to' : 'for'} <code>{rollout.spec?.target}</code>
      {approve
        ? ' (in its rollout window, if it has one)'
        : ': it is not rolled out there until the tag moves again'}
      , as{' '}
      <code>
        isctl {approve ? 'approve' : 'reject'} rollout {rollout.metadata.name}
      </code>
      .
    </p>
  );
}

/** The confirmation of a decision; nothing while none is pending. */
export function DecisionDialog({
  decision,
  onDone,
}: {
  decision: PendingDecision | undefined;
  onDone: (message: string | undefined) => void;
}) {
  if (!decision) return null;
  const { rollout, approval } = decision;
  const name = rollout.metadata.name;
  const approve = approval === Approval.Approved;
  return (
    <ConfirmDialog
      title={`${approve ? 'Approve' : 'Reject'} rollout ${name}`}
      confirmLabel={approve ? 'Approve' : 'Reject'}
      onConfirm={() => decideRollout(rollout.metadata.namespace ?? '', name, approval)}
      onDone={onDone}
    >
      <DecisionText rollout={rollout} approve={approve} />
    </ConfirmDialog>
  );
}
