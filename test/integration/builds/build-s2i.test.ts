/**
 * The Source (S2I) strategy, all real: a Docker engine, the integrated registry, the API server
 * with the builds extension. A builder image (FROM scratch, static busybox) carries
 * /usr/libexec/s2i/assemble (copies /tmp/src to /app) and run (prints /app's files and $GREETING),
 * or elsewhere named by its io.openshift.s2i.scripts-url label;
 * a BuildConfig on its ImageStreamTag builds inline, Git and binary sources, the output tag moves, and the
 * output image's Cmd prints the source; a new builder digest rebuilds (ImageChange); a failing
 * assemble ends the build Failed (AssembleFailed).
 */
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBuildLog } from '../../../src/builds/build-log.js';
import { followProgress } from '../../../src/builds/executor/engine-build.js';
import type { Build } from '../../../src/builds/schema.js';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { integratedRegistryExtension } from '../../../src/integrated-registry/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { BUILDS, IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { startDocker, type TestDocker } from '../../support/docker.js';
import { BUSYBOX } from '../../support/test-images.js';
import { until } from '../../support/until.js';

const NS = 's2i';
const run = promisify(execFile);
const noLog = { write: () => undefined, flush: async () => undefined };

let engine: TestDocker;
let docker: Docker;
let server: RunningServer;
let dataDir: string;
let workDir: string;
let host = '';

const ASSEMBLE = `#!/bin/busybox sh
set -e
echo "assembling with GREETING=$GREETING"
if [ "$FAIL" = yes ]; then echo "assemble: giving up"; exit 3; fi
if [ -n "$SLEEP" ]; then /bin/busybox sleep "$SLEEP"; fi
/bin/busybox mkdir -p /app
/bin/busybox cp -r /tmp/src/. /app/
echo "assembled: $(/bin/busybox ls /app)"
`;
const RUN = `#!/bin/busybox sh
echo "greeting=$GREETING"
for f in /app/*; do /bin/busybox cat "$f"; done
`;

async function tagImage(stream: string): Promise<string | undefined> {
  const s = (await server.store.get(IMAGE_STREAMS, NS, stream)) as
    { status?: { tags?: { tag: string; items?: { image: string }[] }[] } } | undefined;
  return s?.status?.tags?.find((t) => t.tag === 'latest')?.items?.[0]?.image;
}

const finished = (name: string) =>
  until(
    `${name} finished`,
    async () => {
      const b = (await server.store.get(BUILDS, NS, name)) as Build | undefined;
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

interface BuilderOptions {
  stream?: string;
  greeting?: string;
  /** where the scripts are, named by the io.openshift.s2i.scripts-url label; default /usr/libexec/s2i */
  scripts?: string;
  /** the io.openshift.s2i.scripts-url label, when not image://SCRIPTS */
  scriptsUrl?: string;
}

/** a builder image, pushed to the integrated registry as s2i/STREAM:latest; its digest */
async function pushBuilder(o: BuilderOptions = {}): Promise<string> {
  const { stream = 'builder', greeting = 'builder', scripts } = o;
  const url = o.scriptsUrl ?? (scripts ? `image://${scripts}` : undefined);
  const dir = await mkdtemp(join(workDir, 'builder-'));
  await mkdir(join(dir, 's2i'), { recursive: true });
  await mkdir(join(dir, 'tmp'), { recursive: true });
  await copyFile(BUSYBOX, join(dir, 'busybox'));
  await writeFile(join(dir, 's2i', 'assemble'), ASSEMBLE);
  await writeFile(join(dir, 's2i', 'run'), RUN);
  await chmod(join(dir, 's2i', 'assemble'), 0o755);
  await chmod(join(dir, 's2i', 'run'), 0o755);
  await writeFile(join(dir, 'tmp', '.keep'), '');
  await writeFile(
    join(dir, 'Dockerfile'),
    `FROM scratch\nCOPY busybox /bin/busybox\nCOPY s2i ${scripts ?? '/usr/libexec/s2i'}\nCOPY tmp /tmp\n` +
      `ENV GREETING=${greeting}\n` +
      (url ? `LABEL io.openshift.s2i.scripts-url=${url}\n` : ''),
  );
  const repo = `${host}/${NS}/${stream}`;
  const build = await docker.buildImage(
    { context: dir, src: ['Dockerfile', 'busybox', 's2i/assemble', 's2i/run', 'tmp/.keep'] },
    { t: `${repo}:latest` },
  );
  await followProgress(docker, build, noLog);
  const push = await docker.getImage(`${repo}:latest`).push({ tag: 'latest' });
  const out = (await followProgress(docker, push, noLog)) as { aux?: { Digest?: string } }[];
  const digest = out.map((o) => o.aux?.Digest).find((d): d is string => typeof d === 'string');
  if (!digest) throw new Error('the builder push reported no digest');
  return digest;
}

/** runs the image's own Cmd; what it printed */
async function runImage(image: string): Promise<string> {
  const c = await docker.createContainer({ Image: image, Tty: true });
  try {
    await c.start();
    await c.wait();
    return (await c.logs({ stdout: true, stderr: true })).toString('utf8').replace(/\r/g, '');
  } finally {
    await c.remove({ force: true });
  }
}

function bc(
  name: string,
  source: object,
  env: { name: string; value: string }[] = [],
  builder = 'builder:latest',
  triggers: object[] = [{ type: 'ConfigChange' }],
): object {
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildConfig',
    metadata: { name },
    spec: {
      source,
      strategy: {
        type: 'Source',
        sourceStrategy: { from: { kind: 'ImageStreamTag', name: builder }, env },
      },
      output: { to: { kind: 'ImageStreamTag', name: `${name}:latest` } },
      triggers,
    },
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'is-s2i-'));
  workDir = await mkdtemp(join(tmpdir(), 'is-s2i-work-'));
  engine = await startDocker();
  docker = engine.docker;
  const registry = integratedRegistryExtension({ dataDir, listen: '127.0.0.1:0' });
  const builds = buildsExtension({ docker, maxConcurrent: 2 });
  server = await startServer({ listen: '127.0.0.1:0', dataDir, extensions: [registry, builds] });
  host = registry.registryHost() ?? '';
  const digest = await pushBuilder();
  await until('builder:latest', async () => (await tagImage('builder')) === digest, 30_000);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await engine?.stop();
  for (const d of [dataDir, workDir]) if (d) await rm(d, { recursive: true, force: true });
}, 60_000);

describe('Source (S2I) strategy', () => {
  it('assembles an inline source on the builder, commits run as Cmd and moves the output tag', async () => {
    const created = await post(
      `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`,
      bc('inline', { dockerfile: 'inline source content' }, [{ name: 'GREETING', value: 'hello-s2i' }]),
    );
    expect(created.status).toBe(201);
    const b = await finished('inline-1');
    const log = (await readBuildLog(server.store, NS, 'inline-1'))?.log ?? '';
    expect(b.status?.phase, log).toBe('Complete');
    expect(log).toContain('assembling with GREETING=hello-s2i');
    expect(b.spec.strategy.sourceStrategy?.from?.name).toMatch(new RegExp(`^${host}/${NS}/builder@sha256:`));
    const digest = b.status?.output?.to?.imageDigest ?? '';
    expect(digest).toMatch(/^sha256:/);
    await until('inline:latest moved', async () => (await tagImage('inline')) === digest, 30_000);

    const image = `${host}/${NS}/inline@${digest}`;
    const config = (await docker.getImage(image).inspect()).Config;
    expect(config.Cmd).toEqual(['/usr/libexec/s2i/run']);
    expect(config.Labels?.['io.openshift.build.name']).toBe('inline-1');
    const out = await runImage(image);
    expect(out).toContain('greeting=hello-s2i');
    expect(out).toContain('inline source content');
  }, 120_000);

  it("builds a Git source, with its .s2i/environment in assemble's and the image's env", async () => {
    const repo = join(workDir, 'repo');
    await mkdir(repo);
    await writeFile(join(repo, 'message.txt'), 'from git\n');
    await mkdir(join(repo, '.s2i'));
    await writeFile(join(repo, '.s2i', 'environment'), '# the app says\nGREETING=from-env-file\n');
    const git = (...args: string[]) =>
      run('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo });
    await git('init', '--quiet', '-b', 'master');
    await git('add', '.');
    await git('commit', '--quiet', '-m', 'one');
    const created = await post(
      `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`,
      bc('fromgit', { git: { uri: `file://${repo}` } }),
    );
    expect(created.status).toBe(201);
    const b = await finished('fromgit-1');
    const log = (await readBuildLog(server.store, NS, 'fromgit-1'))?.log ?? '';
    expect(b.status?.phase, log).toBe('Complete');
    const digest = b.status?.output?.to?.imageDigest ?? '';
    await until('fromgit:latest moved', async () => (await tagImage('fromgit')) === digest, 30_000);
    const out = await runImage(`${host}/${NS}/fromgit@${digest}`);
    expect(log).toContain('assembling with GREETING=from-env-file');
    expect(out).toContain('greeting=from-env-file');
    expect(out).toContain('from git');
  }, 120_000);

  it('builds a binary upload (instantiatebinary asFile) on the builder', async () => {
    const created = await post(
      `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`,
      bc('upload', { type: 'Binary', binary: {} }),
    );
    expect(created.status).toBe(201);
    const res = await fetch(
      `${server.url}/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs/upload/instantiatebinary?asFile=page.txt`,
      { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'uploaded page\n' },
    );
    expect(res.status).toBe(201);
    const b = await finished('upload-1');
    const log = (await readBuildLog(server.store, NS, 'upload-1'))?.log ?? '';
    expect(b.status?.phase, log).toBe('Complete');
    expect(log).toContain('assembled: page.txt');
    const digest = b.status?.output?.to?.imageDigest ?? '';
    expect(await runImage(`${host}/${NS}/upload@${digest}`)).toContain('uploaded page');
  }, 120_000);

  it('ends the build Failed (AssembleFailed) when assemble fails, and pushes nothing', async () => {
    await post(
      `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`,
      bc('broken', { dockerfile: 'x' }, [{ name: 'FAIL', value: 'yes' }]),
    );
    const b = await finished('broken-1');
    expect(b.status?.phase).toBe('Failed');
    expect(b.status?.reason).toBe('AssembleFailed');
    expect(b.status?.message).toBe('Assemble script failed');
    const log = (await readBuildLog(server.store, NS, 'broken-1'))?.log ?? '';
    expect(log).toContain('assemble: giving up');
    expect(log).toContain('exited with code 3');
    expect(await tagImage('broken')).toBeUndefined();
  }, 120_000);

  it('stops a long assemble at completionDeadlineSeconds and leaves no container behind', async () => {
    const config = bc('slow', { dockerfile: 'x' }, [{ name: 'SLEEP', value: '60' }]) as {
      spec: Record<string, unknown>;
    };
    config.spec.completionDeadlineSeconds = 2;
    await post(`/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`, config);
    const started = Date.now();
    const b = await finished('slow-1');
    expect(b.status?.phase).toBe('Failed');
    expect(b.status?.reason).toBe('DeadlineExceeded');
    expect(Date.now() - started).toBeLessThan(30_000);
    const left = await until(
      'the assemble container removed',
      async () => {
        const all = await docker.listContainers({
          all: true,
          filters: { label: ['io.openshift.build.name=slow-1'] },
        });
        return all.length === 0 ? all : undefined;
      },
      10_000,
    );
    expect(left).toEqual([]);
  }, 60_000);

  it("runs the scripts where the builder's io.openshift.s2i.scripts-url label says", async () => {
    const digest = await pushBuilder({ stream: 'labelled', greeting: 'labelled', scripts: '/opt/s2i/bin' });
    await until('labelled:latest', async () => (await tagImage('labelled')) === digest, 30_000);
    await post(
      `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`,
      bc('bylabel', { dockerfile: 'labelled content' }, [], 'labelled:latest'),
    );
    const b = await finished('bylabel-1');
    expect(b.status?.phase).toBe('Complete');
    const image = `${host}/${NS}/bylabel@${b.status?.output?.to?.imageDigest ?? ''}`;
    expect((await docker.getImage(image).inspect()).Config.Cmd).toEqual(['/opt/s2i/bin/run']);
    expect(await runImage(image)).toContain('labelled content');
  }, 120_000);

  it('fails a build whose builder has no scripts where its label says, leaving no container', async () => {
    const digest = await pushBuilder({ stream: 'noscripts', scriptsUrl: 'image:///nowhere' });
    await until('noscripts:latest', async () => (await tagImage('noscripts')) === digest, 30_000);
    await post(
      `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`,
      bc('noscripts', { dockerfile: 'x' }, [], 'noscripts:latest'),
    );
    const b = await finished('noscripts-1');
    const log = (await readBuildLog(server.store, NS, 'noscripts-1'))?.log ?? '';
    expect(b.status?.phase, log).toBe('Failed');
    expect(b.status?.reason).toBe('GenericS2IBuildFailed');
    expect(log).toContain('/nowhere/assemble');
    const left = await docker.listContainers({
      all: true,
      filters: { label: ['io.openshift.build.name=noscripts-1'] },
    });
    expect(left).toEqual([]);
  }, 120_000);

  it('rebuilds on a new builder digest (ImageChange trigger) and the output carries it', async () => {
    await post(
      `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`,
      bc('follow', { dockerfile: 'following' }, [], 'builder:latest', [
        { type: 'ImageChange', imageChange: {} },
      ]),
    );
    const first = await finished('follow-1');
    expect(first.status?.phase).toBe('Complete');
    const v2 = await pushBuilder({ greeting: 'builder-v2' });
    const second = await finished('follow-2');
    expect(second.status?.phase).toBe('Complete');
    expect(second.spec.strategy.sourceStrategy?.from?.name).toBe(`${host}/${NS}/builder@${v2}`);
    const digest = second.status?.output?.to?.imageDigest ?? '';
    await until('follow:latest moved', async () => (await tagImage('follow')) === digest, 30_000);
    expect(await runImage(`${host}/${NS}/follow@${digest}`)).toContain('greeting=builder-v2');
  }, 120_000);

  it('refuses incremental builds and a missing from, naming the field', async () => {
    const r = await post(`/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`, {
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: { name: 'bad' },
      spec: {
        source: { dockerfile: 'x' },
        strategy: { sourceStrategy: { incremental: true } },
      },
    });
    expect(r.status).toBe(422);
    const fields = ((await r.json()) as { details?: { causes?: { field?: string }[] } }).details?.causes?.map(
      (c) => c.field,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        'spec.strategy.sourceStrategy.from',
        'spec.strategy.sourceStrategy.incremental',
      ]),
    );
  });
});
