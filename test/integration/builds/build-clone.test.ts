/**
 * `builds/NAME/clone` against the real server and Docker engine: the clone is the BuildConfig's
 * next build with the same spec (the commit the first build fetched, recorded as its
 * spec.revision, though the branch has moved on), annotated clone-of, triggered "Manually
 * triggered"; builds without a BuildConfig, binary builds and bad requests; `isctl start-build
 * --from-build`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Build, BuildConfig } from '../../../src/builds/schema.js';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { BUILD_CONFIGS, BUILDS } from '../../../src/store/resource-types.js';
import { buildProject, runCli } from '../cli/cli-harness.js';
import { startDocker, type TestDocker } from '../../support/docker.js';
import { finishedBuild } from '../../support/finished-build.js';

const NS = 'clones';
const API = `/apis/build.openshift.io/v1/namespaces/${NS}`;

let engine: TestDocker;
let server: RunningServer;
let dir = '';
let repo = '';

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=dev@example.com', '-c', 'user.name=Dev', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
}

async function commit(content: string, message: string): Promise<string> {
  await writeFile(join(repo, 'content.txt'), content);
  git('add', '.');
  git('commit', '-q', '-m', message);
  return git('rev-parse', 'HEAD');
}

async function post(path: string, body: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}${API}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const request = (name: string, extra: object = {}) => ({
  kind: 'BuildRequest',
  apiVersion: 'build.openshift.io/v1',
  metadata: { name },
  ...extra,
});

const finished = (name: string) => finishedBuild(server.store, NS, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'is-build-clone-'));
  repo = join(dir, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  await writeFile(join(repo, 'Dockerfile'), 'FROM scratch\nCOPY content.txt /content.txt\n');
  engine = await startDocker();
  server = await startServer({
    listen: '127.0.0.1:0',
    dataDir: join(dir, 'data'),
    extensions: [buildsExtension({ docker: engine.docker })],
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await engine?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

describe('builds/clone', () => {
  it('builds the same commit again as the next build of the BuildConfig', async () => {
    const first = await commit('one', 'first commit');
    const created = await post('buildconfigs', {
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: { name: 'app' },
      spec: {
        source: { git: { uri: `file://${repo}`, ref: 'main' } },
        strategy: { dockerStrategy: { env: [{ name: 'MODE', value: 'a' }] } },
        triggers: [],
      },
    });
    expect(created.status).toBe(201);
    expect((await post('buildconfigs/app/instantiate', request('app'))).status).toBe(201);
    const one = await finished('app-1');
    expect(one.status?.phase).toBe('Complete');
    // the executor records what it fetched, as OpenShift's builder
    expect(one.spec.revision).toEqual({
      type: 'Git',
      git: {
        commit: first,
        message: 'first commit',
        author: { name: 'Dev', email: 'dev@example.com' },
        committer: { name: 'Dev', email: 'dev@example.com' },
      },
    });
    await commit('two', 'second commit'); // the branch moves on

    const cloned = await post(
      'builds/app-1/clone',
      request('app-1', { env: [{ name: 'MODE', value: 'b' }] }),
    );
    expect(cloned.status).toBe(201);
    const clone = cloned.body as unknown as Build;
    expect(clone.metadata.name).toBe('app-2');
    expect(clone.metadata.annotations).toMatchObject({
      'openshift.io/build.clone-of': 'app-1',
      'openshift.io/build.number': '2',
      'openshift.io/build-config.name': 'app',
    });
    expect(clone.metadata.labels).toMatchObject({ 'openshift.io/build-config.name': 'app' });
    expect(clone.spec.triggeredBy).toEqual([{ message: 'Manually triggered' }]);
    expect(clone.spec.revision).toEqual(one.spec.revision);
    expect(clone.spec.strategy.dockerStrategy?.env).toEqual([{ name: 'MODE', value: 'b' }]);
    const bc = (await server.store.get(BUILD_CONFIGS, NS, 'app')) as BuildConfig;
    expect(bc.status?.lastVersion).toBe(2);
    const two = await finished('app-2');
    expect(two.status?.phase).toBe('Complete');
    const image = await engine.docker.getImage(`${NS}/app-2:latest`).inspect();
    expect(image.Config.Labels?.['io.openshift.build.commit.id']).toBe(first);
  }, 200_000);

  it('clones a build without a BuildConfig under a time suffix, without a number', async () => {
    const one = (await server.store.get(BUILDS, NS, 'app-1')) as Build;
    await server.store.create(BUILDS, {
      ...one,
      metadata: { name: 'handmade', namespace: NS, annotations: { 'openshift.io/build.number': '7' } },
      status: { phase: 'Complete' },
    } as never);
    const cloned = await post('builds/handmade/clone?dryRun=All', request('handmade'));
    expect(cloned.status).toBe(201);
    const meta = (cloned.body as unknown as Build).metadata;
    expect(meta.name).toMatch(/^handmade-\d{10}$/);
    expect(meta.annotations).toEqual({ 'openshift.io/build.clone-of': 'handmade' });
  });

  it('refuses binary builds, other names, missing builds and build args on a Source build', async () => {
    const one = (await server.store.get(BUILDS, NS, 'app-1')) as Build;
    await server.store.create(BUILDS, {
      ...one,
      metadata: { name: 'bin-1', namespace: NS },
      spec: { ...one.spec, source: { binary: {} } },
    } as never);
    const binary = await post('builds/bin-1/clone', request('bin-1'));
    expect(binary.status).toBe(400);
    expect(binary.body.message).toContain('binary source');
    expect((await post('builds/app-1/clone', request('app-2'))).status).toBe(400);
    const missing = await post('builds/nope/clone', request('nope'));
    expect(missing).toMatchObject({ status: 404, body: { kind: 'Status', reason: 'NotFound' } });
    const bad = await post('builds/app-1/clone', request('app-1', { env: 'x' }));
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('env');
  });

  it('isctl start-build --from-build NAME', async () => {
    await buildProject();
    const conn = ['--server', server.url, '-n', NS];
    const r = await runCli(['start-build', '--from-build', 'app-1', '--wait', ...conn], {
      timeoutMs: 120_000,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('build.build.openshift.io/app-3 started\n');
    const three = (await server.store.get(BUILDS, NS, 'app-3')) as Build;
    expect(three.metadata.annotations?.['openshift.io/build.clone-of']).toBe('app-1');
    expect(three.spec.revision?.git?.commit).toBe(
      ((await server.store.get(BUILDS, NS, 'app-1')) as Build).spec.revision?.git?.commit,
    );
    const neither = await runCli(['start-build', ...conn]);
    expect(neither.code).not.toBe(0);
    expect(neither.stderr).toContain('--from-build');
  }, 200_000);
});
