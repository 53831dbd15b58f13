import { GRPCUnavailableError, EtcdError } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { MemberAvoidance, MemberAvoided } from '../../../../src/store/etcd/etcd-member-avoidance.js';

function setup() {
  let now = 1000;
  const avoidance = new MemberAvoidance({ baseMs: 5000, maxMs: 30_000, now: () => now });
  const policies = ['a', 'b', 'c'].map((h) => avoidance.policy(h));
  const [a, b] = policies as [(typeof policies)[number], (typeof policies)[number]];
  return { avoidance, a, b, policies, advance: (ms: number) => (now += ms) };
}

/** how etcd3 reports a stream's error to the member's policy (ConnectionPool.markFailed) */
async function failWith(policy: ReturnType<MemberAvoidance['policy']>, err: Error): Promise<void> {
  await expect(policy.execute(() => Promise.reject(err))).rejects.toBe(err);
}

describe('MemberAvoidance', () => {
  it('skips a member for baseMs after a connection-level failure, then lets calls through again', async () => {
    const { avoidance, a, b, advance } = setup();
    await failWith(a, new GRPCUnavailableError('connect ECONNREFUSED'));
    let called = false;
    await expect(
      a.execute(() => {
        called = true;
        return 1;
      }),
    ).rejects.toBeInstanceOf(MemberAvoided);
    expect(called).toBe(false);
    await expect(b.execute(() => 2)).resolves.toBe(2);
    advance(4999);
    expect(avoidance.avoids('a')).toBe(true);
    advance(1);
    await expect(a.execute(() => 3)).resolves.toBe(3);
  });

  it('does not count errors that are etcd answers rather than connection failures', async () => {
    const { avoidance, a } = setup();
    await failWith(a, new EtcdError('etcdserver: requested lease not found'));
    expect(avoidance.avoids('a')).toBe(false);
  });

  it('doubles the skip when the member fails again soon after, up to maxMs, and starts over after a quiet while', async () => {
    const { avoidance, advance } = setup();
    const skipAfterFailure = (): number => {
      avoidance.failed('a');
      let ms = 0;
      while (avoidance.avoids('a')) {
        advance(1000);
        ms += 1000;
      }
      return ms;
    };
    expect([
      skipAfterFailure(),
      skipAfterFailure(),
      skipAfterFailure(),
      skipAfterFailure(),
      skipAfterFailure(),
    ]).toEqual([5000, 10_000, 20_000, 30_000, 30_000]);
    advance(60_000);
    expect(skipAfterFailure()).toBe(5000);
  });

  it('skips nothing while every member is avoided (one member, or all down)', async () => {
    const { avoidance, policies } = setup();
    for (const p of policies) await failWith(p, new GRPCUnavailableError('down'));
    expect(['a', 'b', 'c'].map((h) => avoidance.avoids(h))).toEqual([false, false, false]);
    await expect(policies[0]!.execute(() => 'through')).resolves.toBe('through');
  });

  it('tells listeners about successes and failures', async () => {
    const { a, advance } = setup();
    const seen: string[] = [];
    a.onSuccess(() => seen.push('success'));
    const listener = a.onFailure((e) => seen.push(`failure handled=${String(e.handled)}`));
    await a.execute(() => 1);
    await failWith(a, new GRPCUnavailableError('down'));
    listener.dispose();
    advance(5000);
    await failWith(a, new EtcdError('x'));
    expect(seen).toEqual(['success', 'failure handled=true']);
  });
});
