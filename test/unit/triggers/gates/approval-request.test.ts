import { describe, expect, it } from 'vitest';
import { Approval, approvalMessage, withApproval } from '../../../../src/triggers/gates/approval-request.js';

const rollout = {
  apiVersion: 'imagestreams.io/v1',
  kind: 'Rollout',
  metadata: { name: 'web-93b0d1e2aa41-4f1c2a', namespace: 'shop', resourceVersion: '42' },
  spec: { target: 'webhook:shop/web', toDigest: 'sha256:93b0' },
  status: { phase: 'AwaitingApproval' },
};

describe('the approval request isctl and the console send', () => {
  it('keeps the Rollout as read (resourceVersion included) and sets spec.approval', () => {
    const next = withApproval(rollout, Approval.Approved);
    expect(next.spec).toEqual({ target: 'webhook:shop/web', toDigest: 'sha256:93b0', approval: 'Approved' });
    expect(next.metadata.resourceVersion).toBe('42');
    expect(next.status).toEqual(rollout.status);
    expect(rollout.spec).not.toHaveProperty('approval');
  });

  it('replaces an earlier decision and works without a spec', () => {
    const approved = withApproval(rollout, Approval.Approved);
    expect(withApproval(approved, Approval.Rejected).spec?.approval).toBe('Rejected');
    const { spec: _spec, ...bare } = rollout;
    expect(withApproval(bare, Approval.Rejected).spec).toEqual({ approval: 'Rejected' });
  });

  it('says what it did as isctl prints it', () => {
    expect(approvalMessage('web-1', Approval.Rejected)).toBe('rollout.imagestreams.io/web-1 rejected');
  });
});
