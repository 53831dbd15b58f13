/**
 * Docker target against a real engine and a real registry: rolling three httpd containers of one
 * Compose-like service, the health gate and rollback, pinning, and crash recovery.
 */
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverFollowers, type FollowerGroup } from '../../../src/triggers/targets/docker/discover.js';
import { LOST_LEADERSHIP } from '../../../src/triggers/targets/docker/replace.js';
import {
  containerDigest,
  inspectContainer,
  pullImage,
} from '../../../src/triggers/targets/docker/inspect.js';
import { reconcileInterrupted } from '../../../src/triggers/targets/docker/reconcile.js';
import { createReplacement, swapIn } from '../../../src/triggers/targets/docker/replace.js';
import { rollOut } from '../../../src/triggers/targets/docker/rollout.js';
import { groupDigest } from '../../../src/triggers/targets/docker/plan.js';
import type { RolloutRecord } from '../../../src/triggers/rollout-record.js';
import { removeContainers, startDocker, type TestDocker } from '../../support/docker.js';
import { buildAndPushTestImage, freePort, type BuiltImage } from '../../support/test-images.js';
import { startRegistry, type TestRegistry } from '../../support/registry/index.js';

const PROJECT = `ist${process.pid}`;
const SERVICE = 'web';
const GROUP_KEY = `docker:compose/${PROJECT}/${SERVICE}`;
const FOLLOW = 'imagestreams.io/follow';

let engine: TestDocker;
let registry: TestRegistry;
let docker: Docker;
let v1: BuiltImage;
let v2: BuiltImage;
let v3: BuiltImage;
const ports: number[] = [];
const names = [1, 2, 3].map((i) => `${PROJECT}-${SERVICE}-${i}`);
const pinnedName = `${PROJECT}-pinned`;
let pinnedPort = 0;

function userCmd(): string[] {
  return ['/bin/busybox', 'sh', '-c', 'exec /bin/busybox httpd -f -v -p 127.0.0.1:$PORT -h /www'];
}

async function runFollower(name: string, port: number, labels: Record<string, string>): Promise<string> {
  const c = await docker.createContainer({
    name,
    Image: v1.reference,
    Env: [`PORT=${port}`, 'GREETING=hello'],
    Cmd: userCmd(),
    Labels: { [FOLLOW]: 'app:latest', team: 'blue', ...labels },
    HostConfig: {
      NetworkMode: 'host',
      Init: true,
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
    },
  });
  await c.start();
  return c.id;
}

async function version(port: number): Promise<string | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(1500) });
    return r.ok ? (await r.text()).trim() : undefined;
  } catch {
    return undefined;
  }
}

async function waitServing(port: number, want: string, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while ((await version(port)) !== want) {
    if (Date.now() > deadline) throw new Error(`127.0.0.1:${port} did not serve ${want} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls every port until stopped; returns the fewest that answered at any one moment. */
function clientLoop(): { stop: () => Promise<{ minAnswering: number; samples: number }> } {
  let running = true;
  let minAnswering = Number.POSITIVE_INFINITY;
  let samples = 0;
  const loop = (async () => {
    while (running) {
      const answers = await Promise.all(ports.map(version));
      minAnswering = Math.min(minAnswering, answers.filter((a) => a !== undefined).length);
      samples++;
      await new Promise((r) => setTimeout(r, 30));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { minAnswering, samples };
    },
  };
}

async function group(key: string): Promise<FollowerGroup> {
  const g = (await discoverFollowers(docker)).find((x) => x.key === key);
  if (!g) throw new Error(`no follower group ${key}`);
  return g;
}

/** Containers of this test by name, temporary replacements included. */
async function ourContainers(): Promise<Array<{ id: string; name: string; state: string }>> {
  const list = await docker.listContainers({ all: true });
  return list
    .map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, ''), state: c.State }))
    .filter((c) => c.name.startsWith(PROJECT));
}

const opts = (img: BuiltImage) => ({
  toReference: img.reference,
  toDigest: img.digest,
  healthTimeoutMs: 20_000,
  stopTimeoutSeconds: 2,
  pollMs: 100,
});

beforeAll(async () => {
  engine = await startDocker();
  docker = engine.docker;
  registry = await startRegistry();
  const repository = `${registry.host}/default/app`;
  v1 = await buildAndPushTestImage(docker, { repository, version: 'v1' });
  v2 = await buildAndPushTestImage(docker, { repository, version: 'v2' });
  v3 = await buildAndPushTestImage(docker, { repository, version: 'v3', broken: true });
  // Drop the local copies so that rollouts really pull from the registry.
  for (const img of [v1, v2, v3])
    await docker
      .getImage(img.tagged)
      .remove()
      .catch(() => undefined);
  await pullImage(docker, v1.reference);
  for (let i = 0; i < 3; i++) ports.push(await freePort());
  for (const [i, name] of names.entries()) {
    await runFollower(name, ports[i] ?? 0, {
      'com.docker.compose.project': PROJECT,
      'com.docker.compose.service': SERVICE,
    });
  }
  pinnedPort = await freePort();
  await runFollower(pinnedName, pinnedPort, { 'imagestreams.io/pinned': 'true' });
  for (const p of [...ports, pinnedPort]) await waitServing(p, 'v1');
});

afterAll(async () => {
  if (docker)
    await removeContainers(
      docker,
      (await ourContainers()).map((c) => c.id),
    );
  await registry?.stop();
  await engine?.stop();
});

describe('Docker target', () => {
  it('discovers the three followers as one Compose service, in name order, and the pinned one alone', async () => {
    const g = await group(GROUP_KEY);
    expect(g.containers.map((c) => c.name)).toEqual(names);
    expect(g.trigger?.from).toEqual({ namespace: 'default', stream: 'app', tag: 'latest' });
    const pinned = await group(`docker:container/${pinnedName}`);
    expect(pinned.containers[0]?.pinned).toBe(true);
  });

  let rollout: RolloutRecord;
  it('rolls v2 out by digest one container at a time while at least two keep answering', async () => {
    const before = await Promise.all(names.map((n) => inspectContainer(docker, n)));
    const loop = clientLoop();
    const t0 = Date.now();
    rollout = await rollOut(docker, await group(GROUP_KEY), opts(v2));
    const elapsed = Date.now() - t0;
    const { minAnswering, samples } = await loop.stop();
    console.log(
      `rollout of 3 containers: ${elapsed} ms; client samples ${samples}, min answering ${minAnswering}`,
    );
    expect(rollout.result, rollout.reason).toBe('Succeeded');
    expect(rollout.fromDigest).toBe(v1.digest);
    expect(samples).toBeGreaterThan(5);
    expect(minAnswering).toBeGreaterThanOrEqual(2);
    for (const p of ports) expect(await version(p)).toBe('v2');

    // One at a time: each container's steps finish before the next one's start.
    const order = rollout.steps.filter((s) => s.container !== '').map((s) => `${s.container}:${s.action}`);
    const perContainer = ['create', 'stop-old', 'start-new', 'health', 'remove-old', 'rename'];
    expect(order).toEqual(names.flatMap((n) => perContainer.map((a) => `${n}:${a}`)));

    for (const [i, name] of names.entries()) {
      const c = await inspectContainer(docker, name);
      expect(c.Id).not.toBe(before[i]?.Id);
      expect(c.Config.Image).toBe(v2.reference);
      expect(c.Config.Labels?.[FOLLOW]).toBe('app:latest');
      expect(c.Config.Labels?.team).toBe('blue');
      expect(c.Config.Env).toEqual(expect.arrayContaining([`PORT=${ports[i]}`, 'GREETING=hello']));
      expect(c.Config.Cmd).toEqual(userCmd());
      expect(c.HostConfig.NetworkMode).toBe('host');
      expect(c.HostConfig.RestartPolicy).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 });
      expect(c.HostConfig.Init).toBe(true);
      expect(await containerDigest(docker, c)).toBe(v2.digest);
    }
    expect((await ourContainers()).map((c) => c.name).sort()).toEqual([...names, pinnedName].sort());
  });

  it('stops at the first replacement whose health gate fails, rolls it back and rejects the digest', async () => {
    const before = await Promise.all(names.map((n) => inspectContainer(docker, n)));
    const loop = clientLoop();
    const t0 = Date.now();
    const r = await rollOut(docker, await group(GROUP_KEY), opts(v3));
    const elapsed = Date.now() - t0;
    const { minAnswering } = await loop.stop();
    console.log(`failed rollout with rollback: ${elapsed} ms; min answering ${minAnswering}`);
    expect(r.result).toBe('RolledBack');
    expect(r.rejectedDigest).toBe(v3.digest);
    expect(r.reason).toContain(names[0]);
    expect(r.reason).toContain('unhealthy');
    expect(r.steps.some((s) => s.container === names[1] || s.container === names[2])).toBe(false);
    expect(minAnswering).toBeGreaterThanOrEqual(2);
    for (const [i, name] of names.entries()) {
      const c = await inspectContainer(docker, name);
      expect(c.Id).toBe(before[i]?.Id);
      expect(c.State.Running).toBe(true);
      expect(c.Config.Image).toBe(v2.reference);
    }
    await waitServing(ports[0] ?? 0, 'v2');
    for (const p of ports) expect(await version(p)).toBe('v2');
    expect((await ourContainers()).map((c) => c.name).sort()).toEqual([...names, pinnedName].sort());
  });

  it('stops when this replica loses the leadership: the unstarted replacement is removed and the old container keeps serving', async () => {
    const before = await Promise.all(names.map((n) => inspectContainer(docker, n)));
    // leading while the first container is replaced, deposed before the second one's old container stops
    let asked = 0;
    const r = await rollOut(docker, await group(GROUP_KEY), {
      ...opts(v1),
      shouldContinue: () => ++asked <= 3,
    });
    expect(r.result).toBe('Failed');
    expect(r.reason).toContain(LOST_LEADERSHIP);
    expect(r.rejectedDigest).toBeUndefined();
    // the second container's replacement was created, then removed unstarted
    expect(r.steps.filter((s) => s.container === names[1]).map((s) => s.action)).toEqual([
      'create',
      'rollback',
    ]);
    const first = await inspectContainer(docker, names[0] ?? '');
    expect(first.Config.Image).toBe(v1.reference);
    for (const [i, name] of names.slice(1).entries()) {
      const c = await inspectContainer(docker, name);
      expect(c.Id).toBe(before[i + 1]?.Id);
      expect(c.State.Running).toBe(true);
      expect(c.Config.Image).toBe(v2.reference);
    }
    // no half-done replacement is left behind
    expect((await ourContainers()).map((c) => c.name).sort()).toEqual([...names, pinnedName].sort());
    // back to v2 for the tests that follow
    expect((await rollOut(docker, await group(GROUP_KEY), opts(v2))).result).toBe('Succeeded');
  });

  it('never touches a pinned container', async () => {
    const before = await inspectContainer(docker, pinnedName);
    const r = await rollOut(docker, await group(`docker:container/${pinnedName}`), opts(v2));
    expect(r.result).toBe('Succeeded');
    expect(r.steps.filter((s) => s.container === pinnedName).map((s) => s.action)).toEqual(['skip']);
    const after = await inspectContainer(docker, pinnedName);
    expect(after.Id).toBe(before.Id);
    expect(after.Config.Image).toBe(v1.reference);
    expect(await version(pinnedPort)).toBe('v1');
  });

  it('recovers replacements interrupted by a crash, leaving exactly one copy per container', async () => {
    const [o1, o2, o3] = await Promise.all(names.map((n) => inspectContainer(docker, n)));
    if (!o1 || !o2 || !o3) throw new Error('containers missing');
    const img = { image: v1.reference, rolloutId: 'crash-test-0001' };
    // 1: new created and started, healthy, old stopped: crash before "remove old".
    const n1 = await createReplacement(docker, o1, img);
    await swapIn(docker, o1.Id, n1, 2);
    await waitServing(ports[0] ?? 0, 'v1');
    const healthyBy = Date.now() + 10_000;
    while (
      (await inspectContainer(docker, n1)).State.Health?.Status !== 'healthy' &&
      Date.now() < healthyBy
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    // 2: new created only: crash before "stop old".
    const n2 = await createReplacement(docker, o2, img);
    // 3: old removed, crash before "rename".
    const n3 = await createReplacement(docker, o3, img);
    await swapIn(docker, o3.Id, n3, 2);
    await docker.getContainer(o3.Id).remove({ force: true });
    expect((await ourContainers()).length).toBe(6);

    const recovered = await reconcileInterrupted(docker);
    expect(Object.fromEntries(recovered.map((r) => [r.container, r.action]))).toEqual({
      [names[0] ?? '']: 'completed',
      [names[1] ?? '']: 'undone',
      [names[2] ?? '']: 'renamed',
    });
    const all = await ourContainers();
    expect(all.map((c) => c.name).sort()).toEqual([...names, pinnedName].sort());
    expect(all.every((c) => c.state === 'running')).toBe(true);
    expect((await inspectContainer(docker, names[0] ?? '')).Id).toBe(n1);
    expect((await inspectContainer(docker, names[1] ?? '')).Id).toBe(o2.Id);
    expect((await inspectContainer(docker, names[2] ?? '')).Id).toBe(n3);
    expect(n2).not.toBe(o2.Id);
    await waitServing(ports[0] ?? 0, 'v1');
    await waitServing(ports[1] ?? 0, 'v2');
    await waitServing(ports[2] ?? 0, 'v1');
    expect(await reconcileInterrupted(docker)).toEqual([]);
    // The undone container still runs the old image, so the group has no single digest: a rollout resumes.
    expect(await groupDigest(docker, await group(GROUP_KEY))).toBeUndefined();
  });
});
