/**
 * A leader elector in its own process, for the failover tests (run with vite-node; SIGKILLed by
 * the test). Prints one line per change: `LEADER <epoch ms>` or `FOLLOWER <epoch ms>`.
 * Configured by the environment: ETCD_ENDPOINTS (comma-separated), LEASE_TTL (seconds), IDENTITY.
 */
import { createEtcdLeaderElector } from '../../../src/controllers/leader-election-etcd.js';

const elector = createEtcdLeaderElector({
  endpoints: (process.env.ETCD_ENDPOINTS ?? '').split(','),
  leaseTtlSeconds: Number(process.env.LEASE_TTL ?? '2'),
  retryPeriodMs: 200,
  identity: process.env.IDENTITY ?? 'child',
});
elector.onChange((leader) => process.stdout.write(`${leader ? 'LEADER' : 'FOLLOWER'} ${Date.now()}\n`));
elector.start();
process.stdout.write(`STARTED ${Date.now()}\n`);
process.on('SIGTERM', () => {
  void elector.stop().then(() => process.exit(0));
});
