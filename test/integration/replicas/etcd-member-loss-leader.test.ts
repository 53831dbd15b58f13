/**
 * A healthy leader keeps its leadership when one member of its three-member etcd dies. Every
 * lease keep-alive opens a stream on a random member; etcd3's per-member circuit breaker does not
 * keep streams off a dead member for long (opening a stream "succeeds", which closes it), so about
 * one keep-alive in three went to the dead member and failed. With a 2 s lease a leader has
 * 1.6 s from a renewal it sent to the next that must succeed, and it waited 0.5 s after each
 * failure: two unlucky picks in a row (1 in 9 rounds, at 1.5 rounds a second) made it step down,
 * stopping and restarting every controller. Now a failed keep-alive is retried at once, and the
 * client skips the member that failed (etcd-member-avoidance.ts).
 * A frozen member (SIGSTOP) answers nothing: a keep-alive sent there times out (TTL / 3), counts
 * against the member, and is retried on another one within the lease's time.
 */
import { describe, expect, it } from 'vitest';
import { createEtcdLeaderElector } from '../../../src/controllers/leader-election-etcd.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';
import { until } from '../../support/until.js';

const TTL_SECONDS = 2;
/** how long the leader must keep leading after the kill: about 30 renewals (one every TTL / 3) */
const WATCH_MS = 20_000;
const LOST = 0;

/** Leads on a fresh three-member etcd, loses a member, and records every step-down for WATCH_MS. */
async function leadThrough(lose: (etcd: EtcdCluster) => Promise<void> | void): Promise<void> {
  const etcd = await startEtcd({ members: 3 });
  const elector = createEtcdLeaderElector({
    endpoints: etcd.endpoints,
    leaseTtlSeconds: TTL_SECONDS,
    retryPeriodMs: 200,
    identity: 'survivor',
  });
  try {
    const steppedDown: number[] = [];
    elector.onChange((leader) => {
      if (!leader) steppedDown.push(Date.now());
    });
    elector.start();
    await until('the elector to lead', () => elector.isLeader(), 10_000, 10);
    const token = elector.fencingToken();

    await lose(etcd);
    const lost = Date.now();
    let notLeading = 0;
    while (Date.now() - lost < WATCH_MS) {
      if (!elector.isLeader()) notLeading++;
      await new Promise((r) => setTimeout(r, 20));
    }
    const offsets = steppedDown.map((t) => t - lost);
    expect(
      offsets,
      `stepped down ${offsets.length} times (ms after the loss: ${offsets.join(', ')})`,
    ).toEqual([]);
    expect(notLeading).toBe(0);
    // the same leadership throughout: a new one would have a larger token
    expect(elector.fencingToken()).toBe(token);
  } finally {
    // a frozen member must run again before anything waits for it
    etcd.thaw(LOST);
    await elector.stop();
    await etcd.stop();
  }
}

describe('a leader whose etcd loses one of three members', () => {
  it(`keeps leading through ${WATCH_MS / 1000} s of renewals after the member is killed`, async () => {
    await leadThrough((etcd) => etcd.kill(LOST));
  }, 45_000);

  it(`keeps leading through ${WATCH_MS / 1000} s of renewals after the member freezes`, async () => {
    await leadThrough((etcd) => etcd.freeze(LOST));
  }, 45_000);
});
