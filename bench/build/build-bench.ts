/**
 * A base image push to the rebuilt application serving (issue 11), all real: a Docker engine, the
 * Debian docker-registry notifying the server (the base image's upstream), the server with the
 * extensions `isctl serve --with-registry` builds (importer, builds, Docker target, integrated
 * registry), and one busybox httpd container following `app:latest`. The BuildConfig `app`
 * rebuilds `FROM base:latest` on its ImageChange trigger and pushes to the integrated registry.
 * Each round pushes base v(n) and measures from the push returning to the container answering
 * v(n), split by the moments seen on the store (watch) and on the engine (its events).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { KubeObject } from '../../src/api/object.js';
import type { Build } from '../../src/builds/schema.js';
import { buildExtensions, type ServeSettings } from '../../src/cli/commands/serve-flags.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { BUILDS, IMAGE_STREAMS } from '../../src/store/resource-types.js';
import { startDocker, type TestDocker } from '../../test/support/docker.js';
import type { TestRegistry } from '../../test/support/registry/index.js';
import { startNotifyingRegistry, tearDownDockerBench } from '../support/notifying-registry.js';
import { buildAndPushTestImage, freePort, type BuiltImage } from '../../test/support/test-images.js';
import { until } from '../../test/support/until.js';
import { postObject } from '../support/api.js';
import { recordEngineEvents, type EngineEvent, type EngineEvents } from '../support/engine-events.js';
import { recordStore, type StoreRecorder } from '../support/store-recorder.js';
import { versionAt } from '../rollout/client-loop.js';
import { summarizeRounds, type BuildBenchSummary, type BuildMoments } from './build-phases.js';

const TOKEN = 'bench-build-token';
const NS = 'bench';
const PROJECT = `isbuildbench${process.pid}`;
const FOLLOW = 'imagestreams.io/follow';
const ROUND_MS = 180_000;

export interface BuildBenchResult extends BuildBenchSummary {
  moments: BuildMoments[];
}

interface Env {
  docker: Docker;
  server: RunningServer;
  /** the upstream repository of the base image */
  baseRepository: string;
  /** the build's output, `INTEGRATED/NS/app:latest` */
  appImage: string;
  port: number;
  streams: StoreRecorder;
  builds: StoreRecorder;
  engine: EngineEvents;
}

const api = (env: Env, group: string, resource: string, body: object): Promise<void> =>
  postObject(env.server.url, `/apis/${group}/v1/namespaces/${NS}/${resource}`, body);

function tagImage(o: KubeObject, stream: string): string | undefined {
  if (o.metadata.name !== stream) return undefined;
  const tags = (o as { status?: { tags?: { tag: string; items?: { image: string }[] }[] } }).status?.tags;
  return tags?.find((t) => t.tag === 'latest')?.items?.[0]?.image;
}

async function finishedBuild(env: Env, name: string): Promise<Build> {
  const b = await until(
    `${name} finished`,
    async () => {
      const got = (await env.server.store.get(BUILDS, NS, name)) as Build | undefined;
      return got?.status?.completionTimestamp ? got : undefined;
    },
    ROUND_MS,
    20,
  );
  if (b.status?.phase !== 'Complete')
    throw new Error(`${name} ended ${b.status?.phase} (${b.status?.reason})`);
  return b;
}

const pushBase = (env: Env, version: string): Promise<BuiltImage> =>
  buildAndPushTestImage(env.docker, { repository: env.baseRepository, version, tag: 'latest' });

async function setUp(env: Env): Promise<void> {
  await pushBase(env, 'v1');
  const from = { kind: 'DockerImage', name: `${env.baseRepository}:latest` };
  const imageApi = 'image.openshift.io';
  await api(env, imageApi, 'imagestreams', {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 'base' },
    spec: { tags: [{ name: 'latest', from, importPolicy: { insecure: true } }] },
  });
  await api(env, imageApi, 'imagestreamimports', {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name: 'base' },
    spec: { import: true, images: [{ from, to: { name: 'latest' }, importPolicy: { insecure: true } }] },
  });
  await api(env, 'build.openshift.io', 'buildconfigs', {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name: 'app' },
    spec: {
      source: { dockerfile: 'FROM scratch\nLABEL app=bench\n' },
      strategy: { dockerStrategy: { from: { kind: 'ImageStreamTag', name: 'base:latest' } } },
      output: { to: { kind: 'ImageStreamTag', name: 'app:latest' } },
      triggers: [{ type: 'ImageChange', imageChange: {} }],
    },
  });
  const first = await finishedBuild(env, 'app-1');
  const c = await env.docker.createContainer({
    name: `${PROJECT}-web`,
    Image: `${env.appImage.replace(/:latest$/, '')}@${first.status?.output?.to?.imageDigest ?? ''}`,
    Env: [`PORT=${env.port}`],
    StopTimeout: 2,
    Labels: {
      [FOLLOW]: `${NS}/app:latest`,
      'com.docker.compose.project': PROJECT,
      'com.docker.compose.service': 'web',
    },
    HostConfig: { NetworkMode: 'host', RestartPolicy: { Name: 'unless-stopped' } },
  });
  await c.start();
  await until('the follower serves v1', async () => (await versionAt(env.port)) === 'v1', 30_000, 20);
}

const phase = (o: KubeObject): string => (o as unknown as Build).status?.phase ?? 'New';

const imageEvent =
  (action: string, image: string) =>
  (e: EngineEvent): boolean =>
    e.type === 'image' && e.action === action && (e.id === image || e.attributes.name === image);

const ourContainerStarted = (e: EngineEvent): boolean =>
  e.type === 'container' && e.action === 'start' && e.attributes['com.docker.compose.project'] === PROJECT;

async function oneRound(env: Env, n: number): Promise<BuildMoments> {
  const version = `v${n}`;
  const build = `app-${n}`;
  const t0 = Date.now();
  const base = await pushBase(env, version);
  const pushed = Date.now();
  const serving = await until(
    `the follower serves ${version}`,
    async () => ((await versionAt(env.port, 1_000)) === version ? Date.now() : undefined),
    ROUND_MS,
    20,
  );
  const done = await finishedBuild(env, build);
  const digest = done.status?.output?.to?.imageDigest ?? '';
  const isBuild = (o: KubeObject): boolean => o.metadata.name === build;
  const outputTagMoved = env.streams.find(t0, (o) => tagImage(o, 'app') === digest)?.at;
  // the engine's event can arrive after the container already answered; the replacement is
  // started after the tag moved (anything of ours started before is the previous round's)
  const started = await until(
    `the replacement container for ${version} seen starting`,
    () => env.engine.find(outputTagMoved ?? pushed, ourContainerStarted),
    5_000,
    20,
  ).catch(() => undefined);
  return {
    pushed,
    baseTagMoved: env.streams.find(t0, (o) => tagImage(o, 'base') === base.digest)?.at,
    buildCreated: env.builds.find(t0, isBuild)?.at,
    buildRunning: env.builds.find(t0, (o) => isBuild(o) && !['New', 'Pending'].includes(phase(o)))?.at,
    imageBuilt: env.engine.find(t0, imageEvent('tag', env.appImage))?.at,
    imagePushed: env.engine.find(t0, imageEvent('push', env.appImage))?.at,
    outputTagMoved,
    containerStarted: started?.at,
    serving,
  };
}

async function ourContainers(docker: Docker): Promise<string[]> {
  const label = `com.docker.compose.project=${PROJECT}`;
  return (await docker.listContainers({ all: true, filters: { label: [label] } })).map((c) => c.Id);
}

async function startServerWithRegistry(dataDir: string, dockerHost: string): Promise<RunningServer> {
  const settings = {
    listen: '127.0.0.1:0',
    dataDir,
    notificationsToken: TOKEN,
    dockerHost,
    withRegistry: true,
    registryListen: '127.0.0.1:0',
  } as ServeSettings;
  return startServer({ listen: '127.0.0.1:0', dataDir, extensions: await buildExtensions(settings) });
}

function log(n: number, m: BuildMoments): void {
  const at = (t: number | undefined): string => (t === undefined ? '?' : String(Math.round(t - m.pushed)));
  process.stdout.write(
    `  v${n}: base tag ${at(m.baseTagMoved)}, build ${at(m.buildCreated)}, built ${at(m.imageBuilt)}, pushed ${at(m.imagePushed)}, output tag ${at(m.outputTagMoved)}, container started ${at(m.containerStarted)}, serving ${at(m.serving)} ms\n`,
  );
}

export async function runBuildBench(options: { rounds: number }): Promise<BuildBenchResult> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-build-'));
  let engine: TestDocker | undefined;
  let server: RunningServer | undefined;
  let registry: TestRegistry | undefined;
  const recorders: { stop(): unknown }[] = [];
  try {
    engine = await startDocker();
    server = await startServerWithRegistry(dataDir, engine.host);
    registry = await startNotifyingRegistry(server.url, TOKEN);
    const env: Env = {
      docker: engine.docker,
      server,
      baseRepository: `${registry.host}/upstream/base`,
      appImage: `${server.context.settings.dockerImageRepositoryHost ?? ''}/${NS}/app:latest`,
      port: await freePort(),
      streams: await recordStore(server.store, IMAGE_STREAMS, NS),
      builds: await recordStore(server.store, BUILDS, NS),
      engine: await recordEngineEvents(engine.docker),
    };
    recorders.push(env.streams, env.builds, env.engine);
    await setUp(env);
    const moments: BuildMoments[] = [];
    for (let n = 2; n < options.rounds + 2; n++) {
      const m = await oneRound(env, n);
      log(n, m);
      moments.push(m);
    }
    return { ...summarizeRounds(moments), moments };
  } finally {
    for (const r of recorders) await r.stop();
    // the server first: its Docker target would roll the containers back while they go
    await server?.close();
    await tearDownDockerBench({ engine, containers: ourContainers, registry, dataDir });
  }
}
