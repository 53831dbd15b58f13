/**
 * Issue 5 end to end, all real: a Docker engine, the Debian docker-registry notifying the API
 * server (the extensions `isctl serve` runs), the importer moving `default/app:latest` on each
 * `docker push`, and the Docker trigger controller rolling
 * three busybox httpd replicas (one Compose-like service, `--network host`, healthchecked)
 * when a push moves the tag. A broken v3 is rolled back and rejected; a restarted server does
 * not redo anything.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import { buildExtensions, type ServeSettings } from '../../../../src/cli/commands/serve-flags.js';
import { startServer, type RunningServer } from '../../../../src/server/serve.js';
import {
  dockerTargetExtension,
  READY_CHECK_ACTIVE,
  type DockerTargetExtension,
} from '../../../../src/triggers/controller/serve-extension.js';
import { recordOf, ROLLOUTS, stateOf, TRIGGER_STATES } from '../../../../src/triggers/rollout-store.js';
import type { RolloutRecord } from '../../../../src/triggers/rollout-record.js';
import { inspectContainer, pullImage } from '../../../../src/triggers/targets/docker/inspect.js';
import { removeContainers, startDocker, type TestDocker } from '../../../support/docker.js';
import { startNotifyingRegistry, type TestRegistry } from '../../../support/registry/index.js';
import { buildAndPushTestImage, freePort, type BuiltImage } from '../../../support/test-images.js';
import { createFollowedStream } from '../../../support/followed-stream.js';
import { until } from '../../../support/until.js';

const TOKEN = 'e2e-notify-token';
const PROJECT = `ise2e${process.pid}`;
const SERVICE = 'web';
const GROUP = `docker:compose/${PROJECT}/${SERVICE}`;
const FOLLOW = 'imagestreams.io/follow';
const names = [1, 2, 3].map((i) => `${PROJECT}-${SERVICE}-${i}`);
const pinnedName = `${PROJECT}-pinned`;

let engine: TestDocker;
let docker: Docker;
let registry: TestRegistry;
let server: RunningServer;
let target: DockerTargetExtension;
let dataDir: string;
let repository = '';
const ports: number[] = [];
let pinnedPort = 0;
let v1: BuiltImage;
let v2: BuiltImage;

async function version(port: number): Promise<string | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(1500) });
    return r.ok ? (await r.text()).trim() : undefined;
  } catch {
    return undefined;
  }
}

interface LoopResult {
  minAnswering: number;
  samples: number;
  /** when the first / every replica first answered `want` */
  firstAt: number | undefined;
  allAt: number | undefined;
}

/** Polls every replica until stopped; the fewest that answered at one moment. */
function clientLoop(want: string): { stop: () => Promise<LoopResult> } {
  let running = true;
  let minAnswering = Number.POSITIVE_INFINITY;
  let samples = 0;
  let firstAt: number | undefined;
  let allAt: number | undefined;
  const loop = (async () => {
    while (running) {
      const answers = await Promise.all(ports.map(version));
      minAnswering = Math.min(minAnswering, answers.filter((a) => a !== undefined).length);
      const serving = answers.filter((a) => a === want).length;
      if (serving > 0) firstAt ??= Date.now();
      if (serving === ports.length) allAt ??= Date.now();
      samples++;
      await new Promise((r) => setTimeout(r, 30));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { minAnswering, samples, firstAt, allAt };
    },
  };
}

function dockerTarget(): DockerTargetExtension {
  return dockerTargetExtension({
    dockerHost: engine.host,
    healthTimeoutMs: 15_000,
    resyncIntervalMs: 60_000,
    rollout: { stopTimeoutSeconds: 2, pollMs: 100 },
  });
}

/** The server as `isctl serve --notifications-token=…` builds it, plus the Docker target. */
async function startApi(): Promise<RunningServer> {
  target = dockerTarget();
  const settings = { listen: '127.0.0.1:0', dataDir, notificationsToken: TOKEN } as ServeSettings;
  // isctl serve's own Docker target would look for the default socket: this one uses the test's engine
  const served = (await buildExtensions(settings)).filter((e) => e.name !== target.name);
  const extensions = [...served, target];
  return startServer({ listen: '127.0.0.1:0', dataDir, extensions });
}

async function importTag(namespace: string, stream: string, tag: string): Promise<void> {
  const res = await fetch(
    `${server.url}/apis/image.openshift.io/v1/namespaces/${namespace}/imagestreamimports`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStreamImport',
        metadata: { name: stream },
        spec: {
          import: true,
          images: [
            {
              from: { kind: 'DockerImage', name: `${repository}:${tag}` },
              to: { name: tag },
              importPolicy: { insecure: true },
            },
          ],
        },
      }),
    },
  );
  if (res.status >= 300) throw new Error(`import failed: ${res.status} ${await res.text()}`);
}

async function rollouts(): Promise<RolloutRecord[]> {
  return (await server.store.list(ROLLOUTS, { namespace: 'default' })).items.map(recordOf);
}

async function tagDigest(): Promise<string | undefined> {
  const s = (await server.store.get(
    { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true },
    'default',
    'app',
  )) as (KubeObject & { status?: { tags?: { tag: string; items?: { image: string }[] }[] } }) | undefined;
  return s?.status?.tags?.find((t) => t.tag === 'latest')?.items?.[0]?.image;
}

async function push(version: string, broken = false): Promise<BuiltImage> {
  const img = await buildAndPushTestImage(docker, { repository, version, tag: 'latest', broken });
  // the rollout must pull from the registry, not find it locally
  await docker
    .getImage(img.tagged)
    .remove()
    .catch(() => undefined);
  return img;
}

async function ourContainers(): Promise<Array<{ id: string; name: string }>> {
  const list = await docker.listContainers({ all: true });
  return list
    .map((c) => ({ id: c.Id, name: (c.Names[0] ?? '').replace(/^\//, '') }))
    .filter((c) => c.name.startsWith(PROJECT));
}

async function runReplica(name: string, port: number, labels: Record<string, string>): Promise<void> {
  const c = await docker.createContainer({
    name,
    Image: v1.reference,
    Env: [`PORT=${port}`],
    Labels: { [FOLLOW]: 'app:latest', ...labels },
    HostConfig: { NetworkMode: 'host', RestartPolicy: { Name: 'unless-stopped' } },
  });
  await c.start();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'is-e2e-'));
  engine = await startDocker();
  docker = engine.docker;
  server = await startApi();
  registry = await startNotifyingRegistry(server.url, TOKEN);
  repository = `${registry.host}/default/app`;
  v1 = await push('v1');
  await pullImage(docker, v1.reference);
  await createFollowedStream(server.url, 'default', 'app', repository);
  // v1 was pushed before the stream existed, so no notification matched it: import it once
  await importTag('default', 'app', 'latest');
  await until('latest imported as v1', async () => (await tagDigest()) === v1.digest, 30_000);
  for (let i = 0; i < 3; i++) ports.push(await freePort());
  for (const [i, name] of names.entries())
    await runReplica(name, ports[i] ?? 0, {
      'com.docker.compose.project': PROJECT,
      'com.docker.compose.service': SERVICE,
    });
  pinnedPort = await freePort();
  await runReplica(pinnedName, pinnedPort, { 'imagestreams.io/pinned': 'true' });
  // a follower whose label names no tag: never rolled, reported as a warning (created, not started)
  await docker.createContainer({
    name: `${PROJECT}-badlabel`,
    Image: v1.reference,
    Labels: { [FOLLOW]: 'app' },
  });
  for (const p of [...ports, pinnedPort])
    await until(`:${p} serves v1`, async () => (await version(p)) === 'v1', 15_000);
}, 180_000);

afterAll(async () => {
  if (docker)
    await removeContainers(
      docker,
      (await ourContainers()).map((c) => c.id),
    );
  await registry?.stop();
  await server?.close();
  await engine?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('Docker trigger controller, end to end', () => {
  it('is active and says so in /readyz?verbose', async () => {
    await until('docker target active', async () => target.state() === 'active', 30_000);
    const res = await fetch(`${server.url}/readyz?verbose`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`[+]${READY_CHECK_ACTIVE} ok`);
  }, 40_000);

  it('acknowledges replicas that already run the tag without rolling them', async () => {
    await target.controller()?.resync();
    const state = await until(
      'trigger state acknowledged',
      async () => {
        const items = (await server.store.list(TRIGGER_STATES, { namespace: 'default' })).items;
        const mine = items.find((o) => (o.spec as { target?: string }).target === GROUP);
        return mine && stateOf(mine).lastTriggeredDigest === v1.digest ? mine : undefined;
      },
      20_000,
    );
    expect(stateOf(state).rejectedDigests).toEqual([]);
    expect(await rollouts()).toEqual([]);
    const warning = await until(
      'InvalidTrigger event for the bad label',
      async () =>
        (
          await server.store.list(
            { group: '', resource: 'events', namespaced: true },
            { namespace: 'default' },
          )
        ).items.find((e) => e.reason === 'InvalidTrigger'),
      10_000,
    );
    expect(warning.type).toBe('Warning');
    expect(String(warning.message)).toContain(`${PROJECT}-badlabel`);
  }, 30_000);

  it('a docker push of v2 rolls the three replicas by digest, one by one, while two keep answering', async () => {
    const before = await Promise.all(names.map((n) => inspectContainer(docker, n)));
    const pinnedBefore = await inspectContainer(docker, pinnedName);
    const loop = clientLoop('v2');
    const t0 = Date.now();
    v2 = await push('v2');
    const pushed = Date.now();
    const done = await until(
      'v2 rollout finished',
      async () => (await rollouts()).find((r) => r.toDigest === v2.digest && r.result !== undefined),
      90_000,
    );
    const finished = Date.now();
    const { minAnswering, samples, firstAt, allAt } = await loop.stop();
    console.log(
      `build+push ${pushed - t0} ms; push finished -> first replica serves v2 ${(firstAt ?? NaN) - pushed} ms, ` +
        `-> all three ${(allAt ?? NaN) - pushed} ms, -> rollout recorded ${finished - pushed} ms; ` +
        `client samples ${samples}, min answering ${minAnswering}`,
    );
    expect(done.result, done.reason).toBe('Succeeded');
    expect(done.target).toBe(GROUP);
    expect(done.fromDigest).toBe(v1.digest);
    expect(samples).toBeGreaterThan(5);
    expect(minAnswering).toBeGreaterThanOrEqual(2);
    for (const p of ports) expect(await version(p)).toBe('v2');
    const order = done.steps.filter((s) => s.container !== '').map((s) => `${s.container}:${s.action}`);
    const perContainer = ['create', 'stop-old', 'start-new', 'health', 'remove-old', 'rename'];
    expect(order).toEqual(names.flatMap((n) => perContainer.map((a) => `${n}:${a}`)));
    for (const [i, name] of names.entries()) {
      const c = await inspectContainer(docker, name);
      expect(c.Id).not.toBe(before[i]?.Id);
      expect(c.Config.Image).toBe(`${repository}@${v2.digest}`);
      expect(c.Config.Labels?.[FOLLOW]).toBe('app:latest');
    }
    const pinned = await inspectContainer(docker, pinnedName);
    expect(pinned.Id).toBe(pinnedBefore.Id);
    expect(await version(pinnedPort)).toBe('v1');
  }, 120_000);

  it('a v3 whose healthcheck fails is rolled back to v2, rejected, and not retried', async () => {
    const v3 = await push('v3', true);
    const done = await until(
      'v3 rollout finished',
      async () => (await rollouts()).find((r) => r.toDigest === v3.digest && r.result !== undefined),
      90_000,
    );
    expect(done.result, done.reason).toBe('RolledBack');
    expect(done.rejectedDigest).toBe(v3.digest);
    expect(done.steps.some((s) => s.action === 'rollback' && s.container === names[0])).toBe(true);
    for (const p of ports)
      await until(`:${p} serves v2 again`, async () => (await version(p)) === 'v2', 20_000);
    for (const name of names)
      expect((await inspectContainer(docker, name)).Config.Image).toBe(`${repository}@${v2.digest}`);

    const states = (await server.store.list(TRIGGER_STATES, { namespace: 'default' })).items;
    const state = stateOf(states.find((o) => (o.spec as { target?: string }).target === GROUP));
    expect(state.rejectedDigests).toContain(v3.digest);

    const ids = (await ourContainers()).map((c) => c.id).sort();
    await target.controller()?.resync();
    expect((await rollouts()).filter((r) => r.toDigest === v3.digest)).toHaveLength(1);
    expect((await ourContainers()).map((c) => c.id).sort()).toEqual(ids);

    const events = await server.store.list(
      { group: '', resource: 'events', namespaced: true },
      { namespace: 'default' },
    );
    const reasons = events.items.map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['RolloutSucceeded', 'RolloutRolledBack']));
  }, 120_000);

  it('a restarted server re-derives its state and does not roll anything again', async () => {
    const before = (await rollouts()).length;
    const ids = (await ourContainers()).map((c) => c.id).sort();
    await server.close();
    server = await startApi();
    await until('docker target active after restart', async () => target.state() === 'active', 30_000);
    await target.controller()?.resync();
    expect((await rollouts()).length).toBe(before);
    expect((await ourContainers()).map((c) => c.id).sort()).toEqual(ids);
    for (const p of ports) expect(await version(p)).toBe('v2');
    const res = await fetch(`${server.url}/apis/imagestreams.io/v1/namespaces/default/rollouts`);
    expect(res.status).toBe(200);
    const list = (await res.json()) as { items: unknown[] };
    expect(list.items).toHaveLength(before);
  }, 60_000);

  it('a rollback through the stream (re-tagging latest to v1) rolls the replicas back to v1', async () => {
    const url = `${server.url}/apis/image.openshift.io/v1/namespaces/default/imagestreams/app`;
    const current = (await (await fetch(url)).json()) as KubeObject & {
      spec: { tags: Array<{ name: string; from?: unknown; importPolicy?: unknown }> };
    };
    const latest = current.spec.tags.find((t) => t.name === 'latest');
    if (!latest) throw new Error('no latest spec tag');
    // what `isctl tag app@sha256:V1 app:latest` writes
    latest.from = { kind: 'ImageStreamImage', name: `app@${v1.digest}` };
    const put = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(current),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    const done = await until(
      'rollback rollout finished',
      async () => (await rollouts()).find((r) => r.toDigest === v1.digest && r.result !== undefined),
      60_000,
    );
    expect(done.result, done.reason).toBe('Succeeded');
    for (const p of ports) expect(await version(p)).toBe('v1');
  }, 90_000);
});
