/**
 * `isctl approve rollout NAME...` and `isctl reject rollout NAME...`: the decision on a Rollout a
 * gate holds in phase AwaitingApproval (`imagestreams.io/approval: required`), written to its
 * `spec.approval` as `kubectl certificate approve` writes a CSR's. The trigger controller then
 * rolls it out (when its window is open) or marks the digest rejected for that target.
 */
import type { Command } from 'commander';
import { Approval, approvalMessage, withApproval } from '../../triggers/gates/approval-request.js';
import { addClientOptions, withSession } from '../connection.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { RESOURCES } from '../resources.js';

const KINDS = ['rollout', 'rollouts', 'rollout.imagestreams.io', 'rollouts.imagestreams.io'];

async function decide(approval: Approval, kind: string, names: string[], flags: ConnectionFlags) {
  if (!KINDS.includes(kind))
    throw new Error(
      `cannot ${approval === Approval.Approved ? 'approve' : 'reject'} "${kind}": only rollouts`,
    );
  await withSession(flags, async (s) => {
    for (const name of names.map((n) => n.replace(/^rollouts?\//, ''))) {
      const rollout = await s.client.get(RESOURCES.rollouts, name, s.namespace);
      await s.client.update(RESOURCES.rollouts, name, withApproval(rollout, approval), s.namespace);
      process.stdout.write(`${approvalMessage(name, approval)}\n`);
    }
  });
}

function register(program: Command, verb: 'approve' | 'reject', approval: Approval, what: string): void {
  const cmd = program
    .command(verb)
    .description(what)
    .argument('<kind>', 'rollout')
    .argument('<names...>', 'Rollout names (kubectl get rollouts shows them)');
  addClientOptions(cmd).action((kind: string, names: string[], flags: ConnectionFlags) =>
    decide(approval, kind, names, flags),
  );
}

export function registerApproveRollout(program: Command): void {
  register(
    program,
    'approve',
    Approval.Approved,
    'approve rollouts that await approval: they run (in their window)',
  );
  register(
    program,
    'reject',
    Approval.Rejected,
    'reject rollouts that await approval: the digest is not rolled out there',
  );
}
