/**
 * Scheduled import runs on the leader only (several replicas on etcd must not all poll the
 * registries): the controller is started when this process becomes the leader and stopped when
 * it steps down. Its schedule is derived from the store, so the new leader resumes the slots.
 */
import type { LeaderElector } from '../../controllers/leader-election.js';
import { whileLeader } from '../../controllers/while-leader.js';
import type { ScheduledImportController } from './scheduled-import-controller.js';

export function followLeader(
  leader: LeaderElector,
  startController: () => ScheduledImportController,
): ScheduledImportController {
  const gated = whileLeader(leader, startController, 'scheduled-import');
  return {
    ready: async () => {
      await gated.settled();
      await gated.current()?.ready();
    },
    nextCheck: (tagKey) => gated.current()?.nextCheck(tagKey),
    stats: () => gated.current()?.stats() ?? { tags: 0, groups: 0, queueDepth: 0 },
    stop: () => gated.stop(),
  };
}
