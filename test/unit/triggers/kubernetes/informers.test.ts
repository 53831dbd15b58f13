/**
 * A Kubernetes informer that fails restarts on the controllers' clock: after the capped backoff
 * and not before, doubling per consecutive failure, and never once stopped. The informer itself
 * is a fake (client-node's makeInformer needs a cluster); the clock is the manual one.
 */
import { KubeConfig, type Informer, type KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { InformerRun } from '../../../../src/triggers/targets/kubernetes/informers.js';
import { manualClock } from '../../../support/manual-clock.js';

/** client-node's informer as far as InformerRun uses it: handlers by verb, and its starts counted */
function fakeInformer() {
  const handlers = new Map<string, ((o: KubernetesObject) => void)[]>();
  const informer = {
    starts: 0,
    stops: 0,
    paths: [] as string[],
    on(verb: string, fn: (o: KubernetesObject) => void) {
      handlers.set(verb, [...(handlers.get(verb) ?? []), fn]);
    },
    off() {},
    start() {
      informer.starts++;
      return Promise.resolve();
    },
    stop() {
      informer.stops++;
      return Promise.resolve();
    },
    fail() {
      for (const fn of handlers.get('error') ?? []) fn({ metadata: {} });
    },
  } satisfies Informer<KubernetesObject> & Record<string, unknown>;
  return informer;
}

function run(restartDelayMs = 1000, maxRestartDelayMs = 4000) {
  const clock = manualClock();
  const fake = fakeInformer();
  const r = new InformerRun(
    new KubeConfig(),
    { list: () => Promise.resolve({ apiVersion: 'v1', kind: 'List', metadata: {}, items: [] }) },
    { kind: 'Deployment', namespace: 'team' },
    { upsert() {}, remove() {} },
    {
      kinds: ['Deployment'],
      namespaces: ['team'],
      restartDelayMs,
      maxRestartDelayMs,
      clock,
      makeInformer: (path) => {
        fake.paths.push(path);
        return fake;
      },
    },
  );
  return { r, fake, clock };
}

describe('InformerRun', () => {
  it('watches the kind in its namespace through the informer it is given', async () => {
    const { r, fake } = run();
    await r.start();
    expect(fake.paths).toEqual(['/apis/apps/v1/namespaces/team/deployments']);
    expect(fake.starts).toBe(1);
  });

  it('restarts a failed watch after the backoff and not before, doubling up to the cap', async () => {
    const { r, fake, clock } = run(1000, 4000);
    await r.start();
    fake.fail();
    expect(clock.pendingDelays()).toEqual([1000]);
    clock.advance(999);
    expect(fake.starts).toBe(1);
    clock.advance(1);
    expect(fake.starts).toBe(2);

    // still failing (no list came through): 2 s, then 4 s, then capped at 4 s
    for (const [delay, starts] of [
      [2000, 3],
      [4000, 4],
      [4000, 5],
    ] as const) {
      fake.fail();
      expect(clock.pendingDelays()).toEqual([delay]);
      clock.advance(delay - 1);
      expect(fake.starts).toBe(starts - 1);
      clock.advance(1);
      expect(fake.starts).toBe(starts);
    }
  });

  it('a second error while a restart waits replaces it (one restart, not two)', async () => {
    const { r, fake, clock } = run(1000, 30_000);
    await r.start();
    fake.fail();
    fake.fail();
    expect(clock.pendingDelays()).toEqual([2000]);
    clock.advance(10_000);
    expect(fake.starts).toBe(2);
  });

  it('stop cancels a pending restart, and an error after stop schedules none', async () => {
    const { r, fake, clock } = run();
    await r.start();
    fake.fail();
    expect(clock.pendingDelays()).toEqual([1000]);
    await r.stop();
    expect(clock.pendingDelays()).toEqual([]);
    fake.fail();
    clock.advance(60_000);
    expect(fake.starts).toBe(1);
    expect(fake.stops).toBe(1);
  });
});
