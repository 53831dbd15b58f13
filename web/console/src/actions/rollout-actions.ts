/**
 * Approve or reject a Rollout that awaits approval, as `isctl approve|reject rollout NAME` does:
 * a GET of the Rollout, then a PUT of it with `spec.approval` (the same request builder). A
 * Rollout that awaits no decision any more is refused by the API with 422 naming spec.approval.
 */
import { Approval, approvalMessage, withApproval } from '../../../../src/triggers/gates/approval-request.js';
import { apiRequest } from '../api/client.js';
import { paths } from '../api/paths.js';
import type { Rollout } from '../model/types.js';

export { Approval };

export async function decideRollout(namespace: string, name: string, approval: Approval): Promise<string> {
  const path = `${paths.rollouts(namespace)}/${encodeURIComponent(name)}`;
  const current = await apiRequest<Rollout>(path);
  await apiRequest<Rollout>(path, { method: 'PUT', body: withApproval(current, approval) });
  return `${approvalMessage(name, approval)}.`;
}
