/**
 * Failover time (issue 6): two `isctl serve --store etcd://…` replicas on one real etcd. Each
 * round SIGKILLs the replica whose /metrics says `imagestreams_leader 1`, then measures on the
 * survivor (polled every POLL_MS) the time until it reports leadership, and the time until a
 * write (an ImageStream create) through it succeeds. A fresh replica replaces the dead one before
 * the next round, so the survivor of one round is the one killed in the next.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type EtcdCluster } from '../../test/support/etcd.js';
import { nowMs, round, sleep } from '../support/measure.js';
import { startServeProcess, type ServeProcess } from '../support/serve-process.js';

const POLL_MS = 50;
/** the elector's default (src/controllers/leader-election-etcd.ts); `isctl serve` has no flag for it */
const LEASE_TTL_SECONDS = 10;

export interface FailoverRound {
  /** SIGKILL sent -> the survivor's /metrics shows imagestreams_leader 1 */
  leaderMs: number;
  /** SIGKILL sent -> first ImageStream create through the survivor answered 201 */
  firstWriteMs: number;
  /** creates tried through the survivor before that one (each bounded by 2 s) */
  failedWrites: number;
}

export interface FailoverBenchResult {
  leaseTtlSeconds: number;
  pollMs: number;
  rounds: FailoverRound[];
  medianLeaderMs: number;
  medianFirstWriteMs: number;
}

async function isLeader(replica: ServeProcess): Promise<boolean> {
  try {
    const res = await fetch(`${replica.url}/metrics`, { signal: AbortSignal.timeout(2_000) });
    return /^imagestreams_leader 1$/m.test(await res.text());
  } catch {
    return false;
  }
}

let writes = 0;
async function writeOnce(replica: ServeProcess): Promise<boolean> {
  try {
    const res = await fetch(`${replica.url}/apis/image.openshift.io/v1/namespaces/default/imagestreams`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: `failover-${process.pid}-${writes++}` },
      }),
      signal: AbortSignal.timeout(2_000),
    });
    await res.text();
    return res.status === 201;
  } catch {
    return false;
  }
}

async function until(what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(POLL_MS);
  }
}

async function firstWrite(survivor: ServeProcess, t0: number): Promise<{ ms: number; failed: number }> {
  let failed = 0;
  for (;;) {
    if (await writeOnce(survivor)) return { ms: nowMs() - t0, failed };
    failed++;
    if (nowMs() - t0 > 60_000) throw new Error('no write through the survivor succeeded within 60 s');
    await sleep(POLL_MS);
  }
}

async function round1(replicas: ServeProcess[]): Promise<{ round: FailoverRound; survivor: ServeProcess }> {
  let leader: ServeProcess | undefined;
  await until('a leader among the replicas', 30_000, async () => {
    for (const r of replicas) if (await isLeader(r)) leader = r;
    return leader !== undefined;
  });
  const survivor = replicas.find((r) => r !== leader);
  if (!leader || !survivor) throw new Error('expected two replicas');
  const t0 = nowMs();
  await leader.stop('SIGKILL');
  const write = firstWrite(survivor, t0);
  await until('the survivor leading', 60_000, () => isLeader(survivor));
  const leaderMs = nowMs() - t0;
  const w = await write;
  return {
    round: { leaderMs: round(leaderMs, 0), firstWriteMs: round(w.ms, 0), failedWrites: w.failed },
    survivor,
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? NaN;
};

export async function runFailoverBench(options: {
  rounds: number;
  leaseTtlSeconds?: number;
}): Promise<FailoverBenchResult> {
  const ttl = options.leaseTtlSeconds ?? LEASE_TTL_SECONDS;
  const etcd: EtcdCluster = await startEtcd();
  const dir = await mkdtemp(join(tmpdir(), 'bench-failover-'));
  const storeUrl = `etcd://${etcd.endpoints[0]?.replace(/^http:\/\//, '') ?? ''}`;
  let n = 0;
  const start = (): Promise<ServeProcess> =>
    startServeProcess([
      '--store',
      storeUrl,
      '--data-dir',
      join(dir, `r${n++}`),
      '--disable-docker-target',
      '--leader-lease-ttl',
      String(ttl),
    ]);
  const replicas: ServeProcess[] = [];
  try {
    replicas.push(await start(), await start());
    const rounds: FailoverRound[] = [];
    for (let i = 0; i < options.rounds; i++) {
      const { round: r, survivor } = await round1(replicas);
      rounds.push(r);
      process.stdout.write(
        `  round ${i + 1}: leader after ${r.leaderMs} ms, first write after ${r.firstWriteMs} ms\n`,
      );
      replicas.splice(0, replicas.length, survivor, await start());
    }
    return {
      leaseTtlSeconds: ttl,
      pollMs: POLL_MS,
      rounds,
      medianLeaderMs: median(rounds.map((r) => r.leaderMs)),
      medianFirstWriteMs: median(rounds.map((r) => r.firstWriteMs)),
    };
  } finally {
    for (const r of replicas) await r.stop('SIGTERM');
    await etcd.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export function failoverRows(result: FailoverBenchResult): Record<string, string | number>[] {
  return [
    ...result.rounds.map((r, i) => ({
      round: String(i + 1),
      'kill -> survivor leads, ms': r.leaderMs,
      'kill -> first write through survivor, ms': r.firstWriteMs,
      'writes failed before it': r.failedWrites,
    })),
    {
      round: 'median',
      'kill -> survivor leads, ms': result.medianLeaderMs,
      'kill -> first write through survivor, ms': result.medianFirstWriteMs,
      'writes failed before it': '',
    },
  ];
}
