/**
 * At most one rollout per target across a leader failover (issue 6). Two built `isctl serve`
 * replicas share a three-member etcd and one private Docker engine (`--docker-host`); only the
 * leader runs the Docker trigger controller. A registry notifies the replica that does not lead.
 * Three busybox httpd containers (one Compose-like service, healthchecked) follow `app:latest`.
 *
 * v2 is pushed and the leader is SIGKILLed as soon as Docker shows the first container replaced
 * and the second one's replacement created under its temporary name, i.e. in the middle of the
 * rollout with a half-done replacement. What the records show then: the dead leader's Rollout object
 * stays open (no result, no `finished`) until the survivor leads. The survivor's trigger
 * controller runs `reconcileInterrupted` over Docker (finishing or undoing the half-done
 * replacement of the second container) and closes the open record as Failed ("interrupted", with
 * what the recovery did); it does not adopt that rollout. It then sees the group
 * with mixed digests and no recorded v2 in its TriggerState, so it starts a NEW rollout of v2,
 * which skips the containers already on v2 and replaces the rest. So for (target, v2) the store
 * holds the interrupted record (Failed) plus exactly one Succeeded record.
 *
 * Then v3 is rolled out exactly once by the new leader. Last, a third replica joins and the leader
 * is frozen (SIGSTOP) mid-rollout of v4 instead of killed: the third one takes over and finishes,
 * then the frozen one wakes up deposed and carries on with its stale rollout (which fails on
 * containers that no longer exist). It must not write back the TriggerState it read before the
 * rollout (that regressed lastTriggeredDigest to v3 before reconcile-group re-read it).
 * Throughout, Docker's events and `docker ps -a` samples never show two running copies of a name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERRUPTED_REASON } from '../../../src/triggers/close-interrupted.js';
import { openStoreUrl } from '../../../src/store/open-store.js';
import type { Store } from '../../../src/store/store.js';
import { recordOf, ROLLOUTS, stateOf, TRIGGER_STATES } from '../../../src/triggers/rollout-store.js';
import type { RolloutRecord } from '../../../src/triggers/rollout-record.js';
import { pullImage } from '../../../src/triggers/targets/docker/inspect.js';
import { startContainerCensus, type ContainerCensus } from '../../support/container-census.js';
import { removeContainers, startPrivateDockerd, type TestDocker } from '../../support/docker.js';
import { startEtcd, type EtcdCluster } from '../../support/etcd.js';
import { startRegistry, type TestRegistry } from '../../support/registry/index.js';
import { freePort, pushForRollout, type BuiltImage } from '../../support/test-images.js';
import { createFollowedStream } from '../../support/followed-stream.js';
import { untilAnswered as until } from '../../support/until.js';
import { buildProject } from '../cli/cli-harness.js';
import { leading, startServeReplica, type Replica } from './serve-replica.js';

const TOKEN = 'rollout-failover-token';
const PROJECT = `isrf${process.pid}`;
const SERVICE = 'web';
const GROUP = `docker:compose/${PROJECT}/${SERVICE}`;
const FOLLOW = 'imagestreams.io/follow';
const ROLLOUT_LABEL = 'imagestreams.io/rollout';
const names = [1, 2, 3].map((i) => `${PROJECT}-${SERVICE}-${i}`);
const STREAMS = '/apis/image.openshift.io/v1/namespaces/default/imagestreams';

let engine: TestDocker;
let docker: Docker;
let etcd: EtcdCluster;
let store: Store;
let registry: TestRegistry;
let census: ContainerCensus | undefined;
let dir: string;
let repository = '';
let replicas: Replica[] = [];
let storeUrl = '';
let leader: Replica;
let survivor: Replica;
const ports: number[] = [];
let v1: BuiltImage;
let v2: BuiltImage;

function startReplica(storeUrl: string, dataDir: string): Promise<Replica> {
  return startServeReplica(storeUrl, dataDir, {
    token: TOKEN,
    args: ['--docker-host', engine.host, '--rollout-health-timeout', '20s'],
    // info: the survivor's crash-recovery lines are part of the evidence printed below
    logLevel: 'info',
  });
}

/** the pid of the replica's process (spawnCli does not expose it): found by its unique --listen */
function pidOf(replica: Replica): number {
  const out = execFileSync('pgrep', ['-f', '--', `--listen ${new URL(replica.url).host}`]).toString();
  const pid = Number(out.trim().split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no process for ${replica.url}`);
  return pid;
}

async function rolloutsOf(digest: string): Promise<RolloutRecord[]> {
  return (await store.list(ROLLOUTS, { namespace: 'default' })).items
    .map(recordOf)
    .filter((r) => r.target === GROUP && r.toDigest === digest);
}

async function history(): Promise<string[]> {
  const s = (await (await fetch(`${survivor.url}${STREAMS}/app`)).json()) as {
    status?: { tags?: { tag: string; items?: { image: string }[] | null }[] };
  };
  return (s.status?.tags?.find((t) => t.tag === 'latest')?.items ?? []).map((i) => i.image);
}

function push(version: string): Promise<BuiltImage> {
  return pushForRollout(docker, { repository, version, tag: 'latest' });
}

async function version(port: number): Promise<string | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(1500) });
    return r.ok ? (await r.text()).trim() : undefined;
  } catch {
    return undefined;
  }
}

async function ourContainers(): Promise<Docker.ContainerInfo[]> {
  return (await docker.listContainers({ all: true })).filter((c) =>
    (c.Names[0] ?? '').replace(/^\//, '').startsWith(PROJECT),
  );
}

/** One container per name, each running `image` with its follow and Compose labels. */
async function expectSettledOn(image: BuiltImage, want: string): Promise<void> {
  await until(
    `every container on ${want}`,
    async () => {
      const list = await ourContainers();
      return (
        list.length === names.length &&
        names.every((n) =>
          list.some((c) => c.Names[0] === `/${n}` && c.Image === image.reference && c.State === 'running'),
        )
      );
    },
    30_000,
  );
  const list = await ourContainers();
  expect(list.map((c) => c.Names[0]).sort()).toEqual(names.map((n) => `/${n}`));
  for (const c of list) {
    expect(c.Image).toBe(`${repository}@${image.digest}`);
    expect(c.Labels[FOLLOW]).toBe('app:latest');
    expect(c.Labels['com.docker.compose.service']).toBe(SERVICE);
  }
  for (const p of ports) await until(`:${p} serves ${want}`, async () => (await version(p)) === want, 15_000);
}

async function runFollower(name: string, port: number): Promise<void> {
  const c = await docker.createContainer({
    name,
    Image: v1.reference,
    Env: [`PORT=${port}`],
    // httpd as PID 1 ignores SIGTERM: a short stop timeout keeps every replacement quick
    StopTimeout: 1,
    Labels: {
      [FOLLOW]: 'app:latest',
      'com.docker.compose.project': PROJECT,
      'com.docker.compose.service': SERVICE,
    },
    HostConfig: { NetworkMode: 'host' },
  } as Docker.ContainerCreateOptions);
  await c.start();
}

beforeAll(async () => {
  await buildProject();
  dir = mkdtempSync(path.join(os.tmpdir(), 'is-rollout-failover-'));
  [engine, etcd] = await Promise.all([startPrivateDockerd(), startEtcd({ members: 3 })]);
  docker = engine.docker;
  storeUrl = `etcd://${etcd.endpoints.map((e) => e.replace(/^https?:\/\//, '')).join(',')}`;
  store = await openStoreUrl(storeUrl);
  replicas = await Promise.all([
    startReplica(storeUrl, path.join(dir, 'a')),
    startReplica(storeUrl, path.join(dir, 'b')),
  ]);
  const both = await until(
    'a leader',
    async () => {
      const l = await Promise.all(replicas.map((r) => leading(r.url)));
      return l.some(Boolean) ? l : undefined;
    },
    30_000,
  );
  expect(both.filter(Boolean)).toHaveLength(1);
  [leader, survivor] = both[0] ? [replicas[0]!, replicas[1]!] : [replicas[1]!, replicas[0]!];
  registry = await startRegistry({
    auth: 'none',
    notify: {
      url: `${survivor.url}/notifications/distribution`,
      token: TOKEN,
      timeout: '5s',
      threshold: 3,
      backoff: '200ms',
    },
  });
  repository = `${registry.host}/default/app`;
  v1 = await push('v1');
  await pullImage(docker, v1.reference);
  await createFollowedStream(survivor.url, 'default', 'app', repository);
  await until('latest imported as v1', async () => (await history())[0] === v1.digest, 30_000);
  for (let i = 0; i < names.length; i++) ports.push(await freePort());
  census = await startContainerCensus(docker, names);
  for (const [i, name] of names.entries()) await runFollower(name, ports[i] ?? 0);
  for (const p of ports) await until(`:${p} serves v1`, async () => (await version(p)) === 'v1', 15_000);
  // the leader's controller has found the group and acknowledged v1 without a rollout
  await until(
    'v1 acknowledged by the leader',
    async () => {
      const items = (await store.list(TRIGGER_STATES, { namespace: 'default' })).items;
      const mine = items.find((o) => (o.spec as { target?: string }).target === GROUP);
      return mine && stateOf(mine).lastTriggeredDigest === v1.digest;
    },
    30_000,
  );
}, 150_000);

afterAll(async () => {
  await census?.stop().catch(() => undefined);
  await Promise.all(replicas.map((r) => r.cli.stop('SIGKILL')));
  if (docker)
    await removeContainers(
      docker,
      (await ourContainers().catch(() => [])).map((c) => c.Id),
    );
  await registry?.stop();
  await store?.close();
  await Promise.all([etcd?.stop(), engine?.stop()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('Docker rollouts across a leader failover', () => {
  it('a leader killed mid-rollout leaves one interrupted record; the survivor finishes the job in one completed rollout, never two copies of a container', async () => {
    expect(await rolloutsOf(v1.digest)).toEqual([]);
    v2 = await push('v2');
    // mid-rollout: the first container carries the rollout's labels under its own name (replaced),
    // and the second one's replacement exists under its temporary name (a half-done replacement)
    const firstDone = await until(
      'the first container replaced and the second one being replaced',
      async () => {
        const list = await ourContainers();
        const first = list.find((c) => c.Names[0] === `/${names[0]}` && c.Labels[ROLLOUT_LABEL]);
        const next = list.some((c) => c.Names[0]?.startsWith(`/${names[1]}-next-`));
        return next && first;
      },
      60_000,
    );
    await leader.cli.stop('SIGKILL');
    const killedAt = Date.now();
    const atKill = (await ourContainers()).map((c) => `${c.Names[0]}:${c.State}:${c.Image.slice(-12)}`);
    const interrupted = await rolloutsOf(v2.digest);
    console.log(`killed the leader; Docker showed ${atKill.join(' ')}`);
    expect(firstDone.Image).toBe(v2.reference);
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0]?.result).toBeUndefined();

    await until('the survivor to lead', () => leading(survivor.url), 30_000);
    const ledAt = Date.now();
    const done = await until(
      'a completed v2 rollout',
      async () =>
        (await rolloutsOf(v2.digest)).find((r) => r.id !== interrupted[0]?.id && r.result !== undefined),
      60_000,
    );
    console.log(
      `leader killed -> survivor leads ${ledAt - killedAt} ms -> v2 rollout completed ${Date.now() - ledAt} ms`,
    );
    expect(done.result, done.reason).toBe('Succeeded');
    await expectSettledOn(v2, 'v2');

    // a late second rollout would show up here
    await new Promise((r) => setTimeout(r, 3000));
    const records = await rolloutsOf(v2.digest);
    const dead = records.find((r) => r.id === interrupted[0]?.id);
    const recovery = survivor.cli
      .output()
      .split('\n')
      .filter((l) => l.includes('recovered an interrupted replacement'));
    console.log(
      `v2 records: ${records.map((r) => `${r.id.slice(0, 8)} ${r.result ?? 'no result'} [${r.steps.map((s) => `${s.container.slice(-1)}:${s.action}`).join(' ')}]`).join(' | ')}; recovery log: ${recovery.join(' ') || '(none)'}`,
    );
    expect(records.filter((r) => r.result === 'Succeeded')).toHaveLength(1);
    expect(records).toHaveLength(2);
    // the dead leader's record keeps its steps as it died (its last write may lag Docker by a
    // step), closed by the survivor as interrupted
    expect(dead?.result).toBe('Failed');
    expect(dead?.finished).toBeDefined();
    expect(dead?.reason).toContain(INTERRUPTED_REASON);
    expect(dead?.steps).toContainEqual(
      expect.objectContaining({ container: names[0], action: 'create', ok: true }),
    );
    // the survivor found the dead leader's half-done replacement of the second container and
    // either undid it (gate not passed yet) or completed it (gate passed), before rolling anything
    expect(recovery).toHaveLength(1);
    const recovered = JSON.parse(recovery[0] ?? '{}') as {
      container?: string;
      action?: string;
      rollout?: string;
    };
    expect(recovered.container).toBe(names[1]);
    expect(recovered.rollout).toBe(dead?.id);
    expect(['undone', 'completed']).toContain(recovered.action);
    const secondSteps = done.steps.filter((s) => s.container === names[1]).map((s) => s.action);
    expect(secondSteps).toEqual(
      recovered.action === 'undone'
        ? ['create', 'stop-old', 'start-new', 'health', 'remove-old', 'rename']
        : ['skip'],
    );
    // the new rollout did not touch the container the dead leader had already replaced
    expect(done.steps.filter((s) => s.container === names[0]).map((s) => s.action)).toEqual(['skip']);
    const state = (await store.list(TRIGGER_STATES, { namespace: 'default' })).items.find(
      (o) => (o.spec as { target?: string }).target === GROUP,
    );
    expect(stateOf(state).lastTriggeredDigest).toBe(v2.digest);
  }, 120_000);

  it('the next push after the failover is rolled out exactly once by the new leader', async () => {
    const v3 = await push('v3');
    const done = await until(
      'a completed v3 rollout',
      async () => (await rolloutsOf(v3.digest)).find((r) => r.result !== undefined),
      60_000,
    );
    expect(done.result, done.reason).toBe('Succeeded');
    await expectSettledOn(v3, 'v3');
    await new Promise((r) => setTimeout(r, 3000));
    expect(await rolloutsOf(v3.digest)).toHaveLength(1);
    expect(await leading(survivor.url)).toBe(true);

    expectNoSecondCopy();
  }, 90_000);

  it('a leader frozen mid-rollout that wakes up deposed does not undo what the new leader recorded', async () => {
    const standby = await startReplica(storeUrl, path.join(dir, 'c'));
    replicas.push(standby);
    expect(await leading(survivor.url)).toBe(true);
    const v4 = await push('v4');
    await until(
      'the v4 rollout midway',
      async () => {
        const list = await ourContainers();
        const first = list.some((c) => c.Names[0] === `/${names[0]}` && c.Image === v4.reference);
        return first && list.some((c) => c.Names[0]?.startsWith(`/${names[1]}-next-`));
      },
      60_000,
    );
    // SIGSTOP: the process keeps its in-flight rollout and resumes it later, as after a long pause
    const pid = pidOf(survivor);
    process.kill(pid, 'SIGSTOP');
    let done: RolloutRecord;
    try {
      await until('the standby to lead', () => leading(standby.url), 30_000);
      done = await until(
        'a completed v4 rollout by the new leader',
        async () => (await rolloutsOf(v4.digest)).find((r) => r.result === 'Succeeded'),
        60_000,
      );
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(done.result, done.reason).toBe('Succeeded');
    const frozen = (await rolloutsOf(v4.digest)).find((r) => r.id !== done.id);
    // the deposed leader carries on where it stopped; give it time to finish and write
    const after = await until(
      'the deposed leader to finish its rollout',
      async () => (await rolloutsOf(v4.digest)).find((r) => r.id === frozen?.id && r.result !== undefined),
      20_000,
    ).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2000));
    console.log(
      `deposed leader's v4 record: ${after?.result ?? 'no result'} ${after?.reason ?? ''} [${(after ?? frozen)?.steps.map((s) => `${s.container.slice(-1)}:${s.action}:${s.ok}`).join(' ')}]`,
    );
    await expectSettledOn(v4, 'v4');
    const records = await rolloutsOf(v4.digest);
    expect(records.filter((r) => r.result === 'Succeeded').map((r) => r.id)).toEqual([done.id]);
    expect(records.length).toBeLessThanOrEqual(2);
    const state = stateOf(
      (await store.list(TRIGGER_STATES, { namespace: 'default' })).items.find(
        (o) => (o.spec as { target?: string }).target === GROUP,
      ),
    );
    expect(state.lastTriggeredDigest).toBe(v4.digest);
    expect(state.rejectedDigests ?? []).not.toContain(v4.digest);
    expectNoSecondCopy();
  }, 120_000);
});

function expectNoSecondCopy(): void {
  const report = census!.snapshot();
  console.log(
    `census: ${report.samples} samples, ${report.events} events; max running ${JSON.stringify(report.maxRunning)}; max existing ${JSON.stringify(report.maxExisting)}`,
  );
  expect(report.samples).toBeGreaterThan(50);
  // at least two rollouts of three containers: each replacement starts one and stops one
  expect(report.events).toBeGreaterThanOrEqual(names.length * 2 * 2);
  expect(report.overlaps).toEqual([]);
  for (const n of names) {
    expect(report.maxRunning[n]).toBe(1);
    // the old container and at most one replacement, never a second replacement
    expect(report.maxExisting[n]).toBeLessThanOrEqual(2);
  }
}
