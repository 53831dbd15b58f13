import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../support/manual-clock.js';
import {
  createGroupScheduler,
  newGroup,
  type Group,
  type GroupCheckOutcome,
} from '../../../../src/importer/schedule/group-scheduler.js';
import { createRateLimiter } from '../../../../src/importer/schedule/rate-limiter.js';
import { createRegistryBudget } from '../../../../src/registry/budget/index.js';
import { RegistryError } from '../../../../src/registry/index.js';

const flush = () => new Promise((r) => setImmediate(r));
const I = 60_000;

function setup(opts: { perMinute?: number; concurrency?: number; withBudget?: boolean } = {}) {
  const clock = manualClock(0);
  const runs: { key: string; at: number }[] = [];
  const results = new Map<string, () => GroupCheckOutcome | Promise<GroupCheckOutcome>>();
  const budget = opts.withBudget ? createRegistryBudget({ now: () => clock.now() }) : undefined;
  const scheduler = createGroupScheduler({
    clock,
    intervalMs: I,
    limiter: createRateLimiter({ perMinute: opts.perMinute ?? -1, now: () => clock.now() }),
    concurrencyPerRegistry: opts.concurrency ?? 4,
    tagBackoff: { baseMs: 30_000, maxMs: 3_600_000 },
    registryBackoff: { baseMs: 5_000, maxMs: 300_000 },
    budget,
    async check(g: Group) {
      runs.push({ key: g.key, at: clock.now() });
      return (results.get(g.key) ?? (() => ({ result: 'unchanged' as const })))();
    },
  });
  const group = (key: string, registry = 'reg.test', phase = 0) => newGroup(key, registry, phase);
  const advance = async (ms: number, step = 1000) => {
    clock.advance(0);
    await flush();
    for (let t = 0; t < ms; t += step) {
      clock.advance(Math.min(step, ms - t));
      await flush();
    }
  };
  return { clock, runs, results, scheduler, group, advance, budget };
}

const unavailable = (registry = 'reg.test') =>
  new RegistryError({ kind: 'Unavailable', message: 'down', registry, status: 503 });

describe('group scheduler', () => {
  it('checks a group on its slot and then every interval', async () => {
    const t = setup();
    const g = t.group('a', 'reg.test', 10_000);
    t.scheduler.arm(g, 10_000);
    await t.advance(3 * I);
    expect(t.runs.map((r) => r.at)).toEqual([10_000, 70_000, 130_000]);
  });

  it('queues a check the rate limit refuses for the next free slot instead of a whole cycle', async () => {
    const t = setup({ perMinute: 1 });
    const groups = ['a', 'b', 'c', 'd'].map((k) => t.group(k));
    for (const g of groups) t.scheduler.arm(g, 0);
    await t.advance(0);
    // burst of 2 (twice the per-minute cap) goes at once
    expect(t.runs.map((r) => r.key)).toEqual(['a', 'b']);
    expect(t.scheduler.depth()).toBe(2);
    await t.advance(2 * I + 1000);
    // c and d ran at the next free slots (1 and 2 minutes), not an interval later
    expect(t.runs.filter((r) => r.key === 'c' || r.key === 'd').map((r) => r.at)).toEqual([60_000, 120_000]);
  });

  it('backs a failing group off exponentially and returns to its slots after a success', async () => {
    const t = setup();
    let fail = true;
    t.results.set('a', () =>
      fail ? { result: 'failed', error: new Error('store') } : { result: 'unchanged' },
    );
    const g = t.group('a', 'reg.test', 0);
    t.scheduler.arm(g, 0);
    await t.advance(0);
    await t.advance(30_000 + 60_000 + 120_000);
    expect(t.runs.map((r) => r.at)).toEqual([0, 30_000, 90_000, 210_000]);
    fail = false;
    await t.advance(240_000);
    const after = t.runs.map((r) => r.at).filter((at) => at > 210_000);
    // 450 s: the backoff retry succeeds; then the next slots of phase 0 (480 s is less than half an interval later)
    expect(after).toEqual([450_000]);
    await t.advance(120_000);
    expect(t.runs.at(-1)?.at).toBe(540_000);
  });

  it('backs a dead registry off and probes it with one check at a time, while another registry runs on', async () => {
    const t = setup();
    const dead = ['d1', 'd2', 'd3'].map((k) => t.group(k, 'dead.test'));
    const live = t.group('l1', 'live.test');
    for (const g of dead) t.results.set(g.key, () => ({ result: 'failed', error: unavailable('dead.test') }));
    // the dead registry also hangs for 20 s per request
    let release: (() => void) | undefined;
    t.results.set(
      'd1',
      () => new Promise((r) => (release = () => r({ result: 'failed', error: unavailable('dead.test') }))),
    );
    for (const g of [...dead, live]) t.scheduler.arm(g, 0);
    await t.advance(0);
    expect(t.runs.map((r) => r.key).sort()).toEqual(['d1', 'd2', 'd3', 'l1']);
    await t.advance(I);
    // the live registry's next slot ran while d1 still hangs
    expect(t.runs.filter((r) => r.key === 'l1').map((r) => r.at)).toEqual([0, 60_000]);
    release?.();
    await t.advance(1000);
    const deadRuns = () => t.runs.filter((r) => r.key.startsWith('d')).length;
    const before = deadRuns();
    await t.advance(10 * 60_000, 500);
    // backed off: a few probes in 10 minutes, not one per group per backoff step
    expect(deadRuns() - before).toBeLessThan(12);
    expect(t.runs.filter((r) => r.key === 'l1').length).toBeGreaterThanOrEqual(11);
  });

  it('holds a check back while the registry budget is paused by a 429 and runs it after Retry-After', async () => {
    const t = setup({ withBudget: true });
    const g = t.group('a', 'docker.io');
    let n = 0;
    t.results.set('a', () =>
      n++ === 0
        ? {
            result: 'failed',
            error: new RegistryError({
              kind: 'RateLimited',
              message: '429',
              registry: 'docker.io',
              retryAfterSeconds: 120,
            }),
          }
        : { result: 'unchanged' },
    );
    t.scheduler.arm(g, 0);
    await t.advance(0);
    expect(t.budget?.snapshot()[0]).toMatchObject({ registry: 'docker.io', pauseReason: 'RateLimited' });
    await t.advance(119_000);
    expect(t.runs).toHaveLength(1);
    await t.advance(2000);
    expect(t.runs.map((r) => r.at)).toEqual([0, 120_000]);
  });

  it('keeps the checkpoint behind a slot whose check has not run yet', async () => {
    const t = setup({ perMinute: 1 });
    for (const k of ['a', 'b', 'c']) t.scheduler.arm(t.group(k), 5000);
    await t.advance(5000);
    expect(t.scheduler.checkedThrough()).toBe(4999);
    await t.advance(60_000);
    // c ran at 65 s; a and b are due again at 60 s and wait for tokens: the checkpoint stays behind them
    expect(t.runs.map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect(t.scheduler.checkedThrough()).toBe(59_999);
  });

  it('keeps the checkpoint behind a slot missed while down until its catch-up check ran', async () => {
    const t = setup();
    t.clock.advance(100_000);
    const owed = t.group('late');
    t.scheduler.owe(owed, 1000);
    t.scheduler.arm(owed, t.clock.now() + 30_000);
    expect(t.scheduler.checkedThrough()).toBe(999);
    await t.advance(31_000);
    expect(t.runs.map((r) => r.key)).toEqual(['late']);
    expect(t.scheduler.checkedThrough()).toBe(t.clock.now());
  });
});
