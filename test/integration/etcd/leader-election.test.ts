/**
 * Leader election on a real etcd: exactly one leader among several electors, a fast hand-over on
 * stop, a takeover within the lease TTL when the leader's process is SIGKILLed, and fencing: a
 * leader cut off from etcd steps down before anyone else can become leader.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createEtcdLeaderElector,
  type EtcdLeaderElector,
} from '../../../src/controllers/leader-election-etcd.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';

const TTL = 2;
const RETRY_MS = 200;
const VITE_NODE = new URL('../../../node_modules/.bin/vite-node', import.meta.url).pathname;
const CHILD = new URL('./leader-child.ts', import.meta.url).pathname;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Samples the electors every few ms; counts moments with two leaders. */
function sampler(electors: (() => boolean)[]): { stop: () => { samples: number; doubleLeader: number } } {
  let samples = 0;
  let doubleLeader = 0;
  const timer = setInterval(() => {
    samples++;
    if (electors.filter((e) => e()).length > 1) doubleLeader++;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return { samples, doubleLeader };
    },
  };
}

describe('etcd leader election (single member)', () => {
  let etcd: EtcdCluster;
  const electors: EtcdLeaderElector[] = [];
  const children: ChildProcess[] = [];
  const elector = (identity: string, endpoints = etcd.endpoints): EtcdLeaderElector => {
    const e = createEtcdLeaderElector({ endpoints, leaseTtlSeconds: TTL, retryPeriodMs: RETRY_MS, identity });
    electors.push(e);
    return e;
  };

  beforeAll(async () => {
    etcd = await startEtcd();
  });
  afterEach(async () => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    await Promise.all(electors.splice(0).map((e) => e.stop()));
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('elects exactly one of three electors, and hands over at once when the leader stops', async () => {
    const es = ['a', 'b', 'c'].map((id) => elector(id));
    const changes: string[] = [];
    for (const e of es) e.onChange((leader) => changes.push(`${e.identity}:${leader}`));
    const s = sampler(es.map((e) => () => e.isLeader()));
    for (const e of es) e.start();
    await until('a leader', () => es.some((e) => e.isLeader()), 5000);
    await sleep(TTL * 1000 * 1.5); // through several renewals
    const leader = es.find((e) => e.isLeader())!;
    expect(es.filter((e) => e.isLeader())).toHaveLength(1);
    expect(leader.fencingToken()).toMatch(/^\d+$/);
    for (const e of es) expect(e.currentLeader()).toBe(leader.identity);

    const stoppedAt = Date.now();
    await leader.stop();
    await until('a new leader', () => es.some((e) => e !== leader && e.isLeader()), 5000);
    // revoking the lease deletes the key: the next campaign wins without waiting for the TTL
    expect(Date.now() - stoppedAt).toBeLessThan(RETRY_MS + 1000);
    const next = es.find((e) => e.isLeader())!;
    expect(BigInt(next.fencingToken()!)).toBeGreaterThan(BigInt(leader.fencingToken() ?? '0'));
    const { samples, doubleLeader } = s.stop();
    expect(samples).toBeGreaterThan(100);
    expect(doubleLeader).toBe(0);
    expect(changes.filter((c) => c.endsWith(':true'))).toHaveLength(2);
  });

  it('takes over within the lease TTL when the leader process is SIGKILLed, never overlapping', async () => {
    const child = spawn(VITE_NODE, [CHILD], {
      env: {
        ...process.env,
        ETCD_ENDPOINTS: etcd.endpoints.join(','),
        LEASE_TTL: String(TTL),
        IDENTITY: 'child',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const lines: string[] = [];
    createInterface({ input: child.stdout! }).on('line', (l) => lines.push(l));
    await until('the child to lead', () => lines.some((l) => l.startsWith('LEADER')), 20_000);

    const survivor = elector('survivor');
    let becameLeaderAt = 0;
    survivor.onChange((leader) => {
      if (leader) becameLeaderAt = Date.now();
    });
    const s = sampler([() => survivor.isLeader()]);
    survivor.start();
    await sleep(TTL * 1000 * 1.5);
    expect(survivor.isLeader()).toBe(false);
    expect(survivor.currentLeader()).toBe('child');

    const killedAt = Date.now();
    child.kill('SIGKILL');
    await until('the survivor to lead', () => survivor.isLeader(), TTL * 1000 + 5000);
    const failoverMs = becameLeaderAt - killedAt;
    console.log(`leader failover after SIGKILL: ${failoverMs} ms (lease TTL ${TTL} s)`);
    // the dead leader's lease must run out first; then the next campaign wins
    expect(failoverMs).toBeGreaterThan(0);
    expect(failoverMs).toBeLessThan(TTL * 1000 + RETRY_MS + 1500);
    expect(lines.filter((l) => l.startsWith('FOLLOWER'))).toHaveLength(0);
    expect(s.stop().doubleLeader).toBe(0);
  });
});

describe('etcd leader election fencing (three members)', () => {
  let etcd: EtcdCluster;
  const electors: EtcdLeaderElector[] = [];

  beforeAll(async () => {
    etcd = await startEtcd({ members: 3 });
  });
  afterAll(async () => {
    await Promise.all(electors.splice(0).map((e) => e.stop()));
    await etcd?.stop();
  });

  it('a leader cut off from etcd steps down before another replica becomes leader', async () => {
    const options = { leaseTtlSeconds: TTL, retryPeriodMs: RETRY_MS };
    // the isolated replica talks to member 0 only, the other to members 1 and 2
    const isolated = createEtcdLeaderElector({
      ...options,
      endpoints: [etcd.endpoints[0]!],
      identity: 'isolated',
    });
    electors.push(isolated);
    isolated.start();
    await until('the first replica to lead', () => isolated.isLeader(), 10_000);
    const other = createEtcdLeaderElector({
      ...options,
      endpoints: etcd.endpoints.slice(1),
      identity: 'other',
    });
    electors.push(other);
    const times: Record<string, number> = {};
    isolated.onChange((leader) => {
      if (!leader) times.isolatedSteppedDown = performance.now();
    });
    other.onChange((leader) => {
      if (leader) times.otherLeads = performance.now();
    });
    other.start();
    const s = sampler([() => isolated.isLeader(), () => other.isLeader()]);
    await sleep(TTL * 1000);
    expect(isolated.isLeader()).toBe(true);

    const killedAt = performance.now();
    await etcd.kill(0);
    await until('the other replica to lead', () => other.isLeader(), TTL * 1000 * 3 + 5000);
    expect(times.isolatedSteppedDown).toBeDefined();
    // stepped down within the lease, on its own clock, without hearing from etcd
    expect(times.isolatedSteppedDown! - killedAt).toBeLessThan(TTL * 1000);
    expect(times.isolatedSteppedDown!).toBeLessThan(times.otherLeads!);
    console.log(
      `fencing: isolated leader stepped down ${Math.round(times.isolatedSteppedDown! - killedAt)} ms after losing etcd; ` +
        `the other replica led after ${Math.round(times.otherLeads! - killedAt)} ms`,
    );
    expect(s.stop().doubleLeader).toBe(0);
  });
});
