/**
 * Builds end to end, all real: a Docker engine, the integrated registry, the API server with the
 * builds and Docker-target extensions. A push moves the base stream tag → the BuildConfig's
 * ImageChange trigger builds on the new base digest → the output tag moves → the container
 * following the output tag is replaced.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBuildLog } from '../../../src/builds/build-log.js';
import type { Build, BuildConfig } from '../../../src/builds/schema.js';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { integratedRegistryExtension } from '../../../src/integrated-registry/index.js';
import { createCredentialStore } from '../../../src/registry/auth/credentials.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { BUILD_CONFIGS, BUILDS, IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { dockerTargetExtension } from '../../../src/triggers/controller/serve-extension.js';
import { buildProject, runCli } from '../cli/cli-harness.js';
import { removeContainers, startDocker, type TestDocker } from '../../support/docker.js';
import { buildAndPushTestImage, freePort, type BuiltImage } from '../../support/test-images.js';
import { until } from '../../support/until.js';

const NS = 'e2e';
const SECRET = 's3cr3t-registry-pass';
const GIT_SECRET = 'gitt0ken-abcdef';
const CONTAINER = `isbuild${process.pid}-app`;

let engine: TestDocker;
let docker: Docker;
let server: RunningServer;
let dataDir: string;
let host = '';
let port = 0;

async function tagImage(stream: string): Promise<string | undefined> {
  const s = (await server.store.get(IMAGE_STREAMS, NS, stream)) as
    { status?: { tags?: { tag: string; items?: { image: string }[] }[] } } | undefined;
  return s?.status?.tags?.find((t) => t.tag === 'latest')?.items?.[0]?.image;
}

async function build(name: string): Promise<Build | undefined> {
  return (await server.store.get(BUILDS, NS, name)) as Build | undefined;
}

const finished = (name: string) =>
  until(
    `${name} finished`,
    async () => {
      const b = await build(name);
      return b?.status?.completionTimestamp ? b : undefined;
    },
    90_000,
  );

async function post(path: string, body: object): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function pushBase(version: string): Promise<BuiltImage> {
  return buildAndPushTestImage(docker, { repository: `${host}/${NS}/base`, version, tag: 'latest' });
}

async function served(): Promise<string | undefined> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/version`, { signal: AbortSignal.timeout(1000) });
    return r.ok ? (await r.text()).trim() : undefined;
  } catch {
    return undefined;
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'is-build-e2e-'));
  engine = await startDocker();
  docker = engine.docker;
  const registry = integratedRegistryExtension({ dataDir, listen: '127.0.0.1:0' });
  const builds = buildsExtension({
    docker,
    maxConcurrent: 2,
    // the integrated registry takes any credentials: these must never reach a log
    credentials: createCredentialStore({ '127.0.0.1': { username: 'builder', password: SECRET } }),
  });
  const target = dockerTargetExtension({
    dockerHost: engine.host,
    healthTimeoutMs: 15_000,
    resyncIntervalMs: 60_000,
    rollout: { stopTimeoutSeconds: 1, pollMs: 100 },
  });
  server = await startServer({ listen: '127.0.0.1:0', dataDir, extensions: [registry, builds, target] });
  host = registry.registryHost() ?? '';
  port = await freePort();
}, 120_000);

afterAll(async () => {
  if (docker) {
    const ours = (await docker.listContainers({ all: true })).filter((c) =>
      c.Names.some((n) => n.startsWith(`/${CONTAINER}`)),
    );
    await removeContainers(
      docker,
      ours.map((c) => c.Id),
    );
  }
  await server?.close();
  await engine?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('builds, end to end', () => {
  it('rebuilds on a new base digest, moves the output tag once and rolls the follower', async () => {
    const v1 = await pushBase('v1');
    await until('base:latest at v1', async () => (await tagImage('base')) === v1.digest, 30_000);

    const created = await post(`/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`, {
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: { name: 'app' },
      spec: {
        source: { dockerfile: 'FROM scratch\nLABEL stage=app\n' },
        strategy: {
          dockerStrategy: {
            from: { kind: 'ImageStreamTag', name: 'base:latest' },
            env: [{ name: 'APP_BUILT', value: 'yes' }],
          },
        },
        output: {
          to: { kind: 'ImageStreamTag', name: 'app:latest' },
          imageLabels: [{ name: 'team', value: 'a' }],
        },
        triggers: [{ type: 'ImageChange', imageChange: {} }],
      },
    });
    expect(created.status).toBe(201);
    // the tag exists: the trigger fires for it at once, on v1
    const first = await finished('app-1');
    expect(first.status?.phase).toBe('Complete');
    expect(first.spec.triggeredBy?.[0]?.message).toBe('Image change');
    expect(first.spec.strategy.dockerStrategy?.from?.name).toBe(`${host}/${NS}/base@${v1.digest}`);
    const d1 = first.status?.output?.to?.imageDigest ?? '';
    expect(await tagImage('app')).toBe(d1);

    const c = await docker.createContainer({
      name: CONTAINER,
      Image: `${host}/${NS}/app@${d1}`,
      Env: [`PORT=${port}`],
      Labels: { 'imagestreams.io/follow': `${NS}/app:latest` },
      HostConfig: { NetworkMode: 'host' },
    });
    await c.start();
    await until('the follower serves v1', async () => (await served()) === 'v1', 15_000);

    const v2 = await pushBase('v2');
    const second = await finished('app-2');
    expect(second.status?.phase).toBe('Complete');
    expect(second.spec.triggeredBy?.[0]?.imageChangeBuild?.imageID).toBe(`${host}/${NS}/base@${v2.digest}`);
    const d2 = second.status?.output?.to?.imageDigest ?? '';
    expect(d2).not.toBe(d1);
    expect(second.status?.outputDockerImageReference).toBe(`${host}/${NS}/app:latest`);

    const stream = (await server.store.get(IMAGE_STREAMS, NS, 'app')) as unknown as {
      status: { tags: { tag: string; items: { image: string }[] }[] };
    };
    const history = stream.status.tags.find((t) => t.tag === 'latest')?.items.map((i) => i.image);
    expect(history).toEqual([d2, d1]); // one tag event per build, never two

    await until('the follower serves v2', async () => (await served()) === 'v2', 60_000);
    const running = (await docker.listContainers()).find((x) =>
      x.Labels['imagestreams.io/follow']?.startsWith(`${NS}/app`),
    );
    expect(running).toBeDefined();
    const inspected = await docker.getContainer(running!.Id).inspect();
    expect(inspected.Config.Image).toContain(d2);
    const appLayers = (await docker.getImage(inspected.Image).inspect()).RootFS.Layers ?? [];
    const baseLayers =
      (await docker.getImage(`${host}/${NS}/base@${v2.digest}`).inspect()).RootFS.Layers ?? [];
    expect(baseLayers.length).toBeGreaterThan(0);
    expect(appLayers.slice(0, baseLayers.length)).toEqual(baseLayers);
    const labels = (await docker.getImage(inspected.Image).inspect()).Config.Labels ?? {};
    expect(labels).toMatchObject({ team: 'a', 'io.openshift.build.name': 'app-2' });

    const bc = (await server.store.get(BUILD_CONFIGS, NS, 'app')) as BuildConfig;
    expect(bc.status?.lastVersion).toBe(2);
    expect(bc.status?.imageChangeTriggers?.[0]?.lastTriggeredImageID).toBe(`${host}/${NS}/base@${v2.digest}`);
    const log = (await readBuildLog(server.store, NS, 'app-2'))?.log ?? '';
    expect(log).toContain('Push successful');
    expect(log).not.toContain(SECRET);
    const logPath = `/apis/build.openshift.io/v1/namespaces/${NS}/builds`;
    const logResponse = await fetch(`${server.url}${logPath}/app-2/log?follow=true`);
    expect(logResponse.headers.get('content-type')).toContain('text/plain');
    expect(await logResponse.text()).toBe(log); // a finished build's followed log ends
    expect((await fetch(`${server.url}${logPath}/app-9/log`)).status).toBe(404);
  }, 240_000);

  it('fails a build whose Git source cannot be fetched, without the URI credentials in log or status', async () => {
    const created = await post(`/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`, {
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: { name: 'gitfail' },
      spec: {
        source: { git: { uri: `http://user:${GIT_SECRET}@127.0.0.1:1/repo.git` } },
        strategy: { dockerStrategy: {} },
        triggers: [{ type: 'ConfigChange' }],
      },
    });
    expect(created.status).toBe(201);
    const b = await finished('gitfail-1');
    expect(b.status).toMatchObject({ phase: 'Failed', reason: 'FetchSourceFailed' });
    const log = (await readBuildLog(server.store, NS, 'gitfail-1'))?.log ?? '';
    expect(log).toContain('fetching HEAD failed');
    expect(log).not.toContain(GIT_SECRET);
    expect(JSON.stringify(b.status)).not.toContain(GIT_SECRET);
  }, 60_000);

  it('isctl start-build --follow --wait, logs bc/NAME and cancel-build, as oc', async () => {
    await buildProject();
    const conn = ['--server', server.url, '-n', NS];
    const started = await runCli(['start-build', 'app', '--follow', '--wait', ...conn], {
      timeoutMs: 120_000,
    });
    expect(started.stderr).toBe('');
    expect(started.code).toBe(0);
    expect(started.stdout).toMatch(/^build\.build\.openshift\.io\/app-3 started\n/);
    expect(started.stdout).toContain('Push successful');
    expect((await build('app-3'))?.spec.triggeredBy?.[0]?.message).toBe('Manually triggered');
    const logs = await runCli(['logs', 'bc/app', ...conn]);
    expect(logs.stdout).toBe((await readBuildLog(server.store, NS, 'app-3'))?.log);
    const cancelled = await runCli(['cancel-build', 'app-3', ...conn]);
    expect(cancelled.stdout).toBe('build.build.openshift.io/app-3 already complete\n');
  }, 240_000);

  it('isctl new-build makes a BuildConfig that builds on its builder stream and pushes to its output stream', async () => {
    await buildProject();
    const conn = ['--server', server.url, '-n', NS];
    const made = await runCli([
      'new-build',
      '--dockerfile',
      'FROM scratch\nLABEL made=new-build',
      '-i',
      'base',
      '--name',
      'nb',
      ...conn,
    ]);
    expect(made.stderr).toBe('');
    expect(made.stdout).toContain('buildconfig.build.openshift.io "nb" created');
    // ConfigChange and ImageChange both fire on creation: one build, never two
    const b = await finished('nb-1');
    expect(b.status?.phase).toBe('Complete');
    expect(await tagImage('nb')).toBe(b.status?.output?.to?.imageDigest);
    expect(await build('nb-2')).toBeUndefined();
  }, 120_000);

  it('cancels a running build, and fails one that passes its completionDeadlineSeconds', async () => {
    const slow = (name: string, extra: object) =>
      post(`/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`, {
        apiVersion: 'build.openshift.io/v1',
        kind: 'BuildConfig',
        metadata: { name },
        spec: {
          source: { dockerfile: 'FROM scratch\nRUN ["/bin/busybox", "sleep", "30"]\n' },
          strategy: { dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base:latest' } } },
          triggers: [{ type: 'ConfigChange' }],
          ...extra,
        },
      });
    expect((await slow('slow', {})).status).toBe(201);
    await until('slow-1 running', async () => (await build('slow-1'))?.status?.phase === 'Running', 30_000);
    const current = (await build('slow-1'))!;
    const put = await fetch(`${server.url}/apis/build.openshift.io/v1/namespaces/${NS}/builds/slow-1`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...current, status: { ...current.status, cancelled: true } }),
    });
    expect(put.status).toBe(200);
    const cancelled = await finished('slow-1');
    expect(cancelled.status).toMatchObject({ phase: 'Cancelled', reason: 'CancelledBuild' });
    expect(
      Date.parse(cancelled.status!.completionTimestamp!) - Date.parse(cancelled.status!.startTimestamp!),
    ).toBeLessThan(20_000);

    expect((await slow('deadline', { completionDeadlineSeconds: 2 })).status).toBe(201);
    expect((await finished('deadline-1')).status).toMatchObject({
      phase: 'Failed',
      reason: 'DeadlineExceeded',
    });
  }, 120_000);
});
