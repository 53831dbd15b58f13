/**
 * Issue 13's rollout gates on the real Docker engine, registry and server (the extensions
 * `isctl serve` runs): two containers follow `default/gated:latest`, one with the issue's
 * `imagestreams.io/rollout-window`, one with `imagestreams.io/approval: required`. A push is held
 * (Waiting / AwaitingApproval) across a server restart; the window opens when the injected clock
 * reaches it; a newer push supersedes the held approval; `isctl approve rollout` rolls the
 * container, `isctl reject rollout` marks the digest rejected; `kubectl get rollouts` shows phases.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import { buildExtensions, type ServeSettings } from '../../../../src/cli/commands/serve-flags.js';
import { startServer, type RunningServer } from '../../../../src/server/serve.js';
import {
  dockerTargetExtension,
  type DockerTargetExtension,
} from '../../../../src/triggers/controller/serve-extension.js';
import { ROLLOUTS, stateOf, TRIGGER_STATES } from '../../../../src/triggers/rollout-store.js';
import { inspectContainer, pullImage } from '../../../../src/triggers/targets/docker/inspect.js';
import { kubeconfigYaml, runKubectl } from '../../../support/api-server.js';
import { removeContainers, startDocker, type TestDocker } from '../../../support/docker.js';
import { startNotifyingRegistry, type TestRegistry } from '../../../support/registry/index.js';
import { createFollowedStream, pushLatest } from '../../../support/followed-stream.js';
import { freePort, type BuiltImage } from '../../../support/test-images.js';
import { shiftedClock } from '../../../support/shifted-clock.js';
import { until } from '../../../support/until.js';
import { buildProject, runCli } from '../../cli/cli-harness.js';

const TOKEN = 'gates-notify-token';
const PREFIX = `isgates${process.pid}`;
const WINDOWED = `${PREFIX}-windowed`;
const APPROVED = `${PREFIX}-approved`;
const PAUSED = `${PREFIX}-paused`;
const WINDOW = 'Sat,Sun 01:00-05:00 Europe/Berlin; Mon-Fri 22:00-23:00 UTC';
/** Friday 23:50 UTC (Saturday 00:50 in Berlin): both windows closed; the first opens in 10 minutes. */
const CLOSED_AT = Date.parse('2030-01-04T23:50:00Z');
const OPENS_AT = Date.parse('2030-01-05T00:00:00Z');

const clock = shiftedClock(CLOSED_AT);
let engine: TestDocker;
let docker: Docker;
let registry: TestRegistry;
let server: RunningServer;
let target: DockerTargetExtension;
let dataDir: string;
let kubeconfig = '';
let apiPort = 0;
let repository = '';
let v1: BuiltImage;
let v2: BuiltImage;
let v3: BuiltImage;

async function startApi(): Promise<RunningServer> {
  target = dockerTargetExtension({
    dockerHost: engine.host,
    healthTimeoutMs: 15_000,
    resyncIntervalMs: 60_000,
    rollout: { stopTimeoutSeconds: 1, pollMs: 100, settleMs: 500 },
    clock,
  });
  // the same port after a restart: the registry keeps notifying it
  apiPort ||= await freePort();
  const listen = `127.0.0.1:${apiPort}`;
  const settings = { listen, dataDir, notificationsToken: TOKEN } as ServeSettings;
  const served = (await buildExtensions(settings)).filter((e) => e.name !== target.name);
  const started = await startServer({ listen, dataDir, extensions: [...served, target] });
  kubeconfig = join(dataDir, 'test.kubeconfig');
  await writeFile(kubeconfig, kubeconfigYaml(started.url, undefined), { mode: 0o600 });
  await until('docker target active', async () => target.state() === 'active', 30_000);
  return started;
}

const isctl = (...args: string[]) => runCli([...args, '--kubeconfig', kubeconfig]);

const spec = (o: KubeObject) => (o.spec ?? {}) as Record<string, string>;
const status = (o: KubeObject) => (o.status ?? {}) as Record<string, string>;

async function rollouts(container: string): Promise<KubeObject[]> {
  const items = (await server.store.list(ROLLOUTS, { namespace: 'default' })).items;
  return items.filter((o) => spec(o).target === `docker:container/${container}`);
}

async function rolloutTo(container: string, digest: string, phase: string): Promise<KubeObject> {
  return until(
    `${container}: a ${phase} rollout to ${digest.slice(7, 19)}`,
    async () =>
      (await rollouts(container)).find((o) => spec(o).toDigest === digest && status(o).phase === phase),
    60_000,
  );
}

async function runs(container: string): Promise<string> {
  return (await inspectContainer(docker, container)).Config.Image ?? '';
}

async function eventReasons(): Promise<string[]> {
  const events = await server.store.list(
    { group: '', resource: 'events', namespaced: true },
    { namespace: 'default' },
  );
  return events.items.map((e) => String(e.reason));
}

async function runFollower(name: string, labels: Record<string, string>): Promise<void> {
  const c = await docker.createContainer({
    name,
    Image: v1.reference,
    Env: [`PORT=${await freePort()}`],
    Labels: { 'imagestreams.io/follow': 'gated:latest', ...labels },
    HostConfig: { NetworkMode: 'host' },
  });
  await c.start();
}

beforeAll(async () => {
  const built = buildProject();
  dataDir = await mkdtemp(join(tmpdir(), 'is-gates-'));
  engine = await startDocker();
  docker = engine.docker;
  server = await startApi();
  registry = await startNotifyingRegistry(server.url, TOKEN);
  repository = `${registry.host}/default/gated`;
  v1 = await pushLatest(docker, repository, 'v1');
  await pullImage(docker, v1.reference);
  await createFollowedStream(server.url, 'default', 'gated', repository);
  await until('latest imported as v1', () => tagIs(v1.digest), 30_000);
  await runFollower(WINDOWED, { 'imagestreams.io/rollout-window': WINDOW });
  await runFollower(APPROVED, { 'imagestreams.io/approval': 'required' });
  await target.controller()?.resync();
  await built;
}, 240_000);

async function tagIs(digest: string): Promise<boolean> {
  const s = (await server.store.get(
    { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true },
    'default',
    'gated',
  )) as (KubeObject & { status?: { tags?: { tag: string; items?: { image: string }[] }[] } }) | undefined;
  return s?.status?.tags?.find((t) => t.tag === 'latest')?.items?.[0]?.image === digest;
}

afterAll(async () => {
  if (docker) {
    const ours = (await docker.listContainers({ all: true })).filter((c) =>
      c.Names.some((n) => n.startsWith(`/${PREFIX}`)),
    );
    await removeContainers(
      docker,
      ours.map((c) => c.Id),
    );
  }
  await registry?.stop();
  await server?.close();
  await engine?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('rollout gates on a Docker host, end to end', () => {
  it('holds a push outside the window (Waiting, OutsideWindow) and for approval (AwaitingApproval)', async () => {
    v2 = await pushLatest(docker, repository, 'v2');
    const waiting = await rolloutTo(WINDOWED, v2.digest, 'Waiting');
    expect(status(waiting)).toMatchObject({
      reason: 'OutsideWindow',
      nextWindow: new Date(OPENS_AT).toISOString(),
    });
    const awaiting = await rolloutTo(APPROVED, v2.digest, 'AwaitingApproval');
    expect(status(awaiting).reason).toBe('AwaitingApproval');
    expect(await runs(WINDOWED)).toBe(v1.reference);
    expect(await runs(APPROVED)).toBe(v1.reference);
    expect(await eventReasons()).toEqual(
      expect.arrayContaining(['RolloutWaiting', 'RolloutAwaitingApproval']),
    );
    const table = await runKubectl(kubeconfig, ['get', 'rollouts']);
    expect(table.stderr).toBe('');
    expect(table.stdout).toMatch(/PHASE/);
    expect(table.stdout).toContain(`${waiting.metadata.name}`);
    expect(table.stdout).toMatch(new RegExp(`${waiting.metadata.name}\\s.*Waiting`));
    expect(table.stdout).toMatch(new RegExp(`${awaiting.metadata.name}\\s.*AwaitingApproval`));
  }, 90_000);

  it('a restart keeps both held rollouts held (not closed as interrupted) and rolls nothing', async () => {
    const before = (await server.store.list(ROLLOUTS, { namespace: 'default' })).items.map(
      (o) => o.metadata.name,
    );
    await server.close();
    server = await startApi();
    await target.controller()?.resync();
    const after = (await server.store.list(ROLLOUTS, { namespace: 'default' })).items;
    expect(after.map((o) => o.metadata.name).sort()).toEqual([...before].sort());
    expect(after.map((o) => status(o).phase).sort()).toEqual(['AwaitingApproval', 'Waiting']);
    expect(after.every((o) => status(o).finished === undefined)).toBe(true);
    expect(await runs(WINDOWED)).toBe(v1.reference);
    expect(await runs(APPROVED)).toBe(v1.reference);
  }, 90_000);

  it('rolls the windowed container when the window opens (the injected clock reaches it)', async () => {
    const held = await rolloutTo(WINDOWED, v2.digest, 'Waiting');
    clock.advance(OPENS_AT - clock.now() + 1_000);
    const done = await rolloutTo(WINDOWED, v2.digest, 'Succeeded');
    expect(done.metadata.name).toBe(held.metadata.name);
    expect(await runs(WINDOWED)).toBe(`${repository}@${v2.digest}`);
    expect(await runs(APPROVED)).toBe(v1.reference);
  }, 90_000);

  it('a newer push supersedes the rollout awaiting approval; isctl approve rollout rolls the newer one', async () => {
    const old = await rolloutTo(APPROVED, v2.digest, 'AwaitingApproval');
    v3 = await pushLatest(docker, repository, 'v3');
    const superseded = await rolloutTo(APPROVED, v2.digest, 'Superseded');
    expect(superseded.metadata.name).toBe(old.metadata.name);
    const awaiting = await rolloutTo(APPROVED, v3.digest, 'AwaitingApproval');
    // too late for the superseded one
    const stale = await isctl('approve', 'rollout', old.metadata.name);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain('spec.approval');
    const r = await isctl('approve', 'rollout', awaiting.metadata.name);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`rollout.imagestreams.io/${awaiting.metadata.name} approved\n`);
    const done = await rolloutTo(APPROVED, v3.digest, 'Succeeded');
    expect(done.metadata.name).toBe(awaiting.metadata.name);
    expect(spec(done).approval).toBe('Approved');
    expect(await runs(APPROVED)).toBe(`${repository}@${v3.digest}`);
    expect(await eventReasons()).toContain('RolloutApproved');
  }, 120_000);

  it('isctl reject rollout marks the digest rejected for that container, which keeps its image', async () => {
    const v4 = await pushLatest(docker, repository, 'v4');
    const awaiting = await rolloutTo(APPROVED, v4.digest, 'AwaitingApproval');
    const r = await isctl('reject', 'rollout', awaiting.metadata.name);
    expect(r.stderr).toBe('');
    const rejected = await rolloutTo(APPROVED, v4.digest, 'Rejected');
    expect(status(rejected).rejectedDigest).toBe(v4.digest);
    const states = (await server.store.list(TRIGGER_STATES, { namespace: 'default' })).items;
    const state = stateOf(states.find((o) => spec(o).target === `docker:container/${APPROVED}`));
    expect(state.rejectedDigests).toContain(v4.digest);
    await target.controller()?.resync();
    expect(await runs(APPROVED)).toBe(`${repository}@${v3.digest}`);
    expect((await rollouts(APPROVED)).filter((o) => spec(o).toDigest === v4.digest)).toHaveLength(1);
    expect(await eventReasons()).toContain('RolloutRejected');
  }, 90_000);

  it('isctl rollout pause holds pushes (Waiting, Paused), a newer push supersedes, resume rolls the latest', async () => {
    // a third follower, without gates: it rolls to the current image first
    await runFollower(PAUSED, {});
    await target.controller()?.resync();
    const current = await until(
      `${PAUSED} rolled to the current image`,
      async () => (await rollouts(PAUSED)).find((o) => status(o).phase === 'Succeeded'),
      60_000,
    );
    const latest = spec(current).toDigest ?? '';
    expect(await runs(PAUSED)).toBe(`${repository}@${latest}`);

    const paused = await isctl('rollout', 'pause', `container/${PAUSED}`);
    expect(paused.stderr).toBe('');
    expect(paused.stdout).toBe(`docker:container/${PAUSED} (gated:latest) paused\n`);
    const v5 = await pushLatest(docker, repository, 'v5');
    const held = await rolloutTo(PAUSED, v5.digest, 'Waiting');
    expect(status(held).reason).toBe('Paused');
    const v6 = await pushLatest(docker, repository, 'v6');
    await rolloutTo(PAUSED, v5.digest, 'Superseded');
    const waiting = await rolloutTo(PAUSED, v6.digest, 'Waiting');
    await target.controller()?.resync();
    expect(await runs(PAUSED)).toBe(`${repository}@${latest}`);
    const table = await runKubectl(kubeconfig, ['get', 'triggerstates']);
    expect(table.stdout).toMatch(new RegExp(`${PAUSED}-gated-latest\\S*\\s.*\\strue\\s*$`, 'm'));

    const resumed = await isctl('rollout', 'resume', `docker:container/${PAUSED}`);
    expect(resumed.stdout).toBe(`docker:container/${PAUSED} (gated:latest) resumed\n`);
    const done = await rolloutTo(PAUSED, v6.digest, 'Succeeded');
    expect(done.metadata.name).toBe(waiting.metadata.name);
    expect(await runs(PAUSED)).toBe(`${repository}@${v6.digest}`);
    expect((await rollouts(PAUSED)).filter((o) => spec(o).toDigest === v5.digest)).toHaveLength(1);
  }, 180_000);
});
