/**
 * Binary builds, all real: the API server with builds on a Docker engine. `isctl start-build
 * --from-dir` uploads a directory to `instantiatebinary` and the image holds its content; a
 * path-traversal or symlink archive is refused before anything is stored; an upload beyond the
 * limit is 413.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { extract, pack, type Headers } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BINARY_BYTES } from '../../../src/builds/binary/stored-binary.js';
import type { Build } from '../../../src/builds/schema.js';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { BUILD_BINARIES, BUILD_CONFIGS, BUILDS } from '../../../src/store/resource-types.js';
import { buildProject, runCli } from '../cli/cli-harness.js';
import { startDocker, type TestDocker } from '../../support/docker.js';
import { until } from '../../support/until.js';

const NS = 'bin';
const API = `/apis/build.openshift.io/v1/namespaces/${NS}`;

let engine: TestDocker;
let docker: Docker;
let server: RunningServer;
let dataDir: string;

const finished = (name: string) =>
  until(
    `${name} finished`,
    async () => {
      const b = (await server.store.get(BUILDS, NS, name)) as Build | undefined;
      return b?.status?.completionTimestamp ? b : undefined;
    },
    90_000,
  );

async function createConfig(name: string): Promise<void> {
  const r = await fetch(`${server.url}${API}/buildconfigs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: { name },
      spec: { source: { type: 'Binary', binary: {} }, strategy: { dockerStrategy: {} } },
    }),
  });
  expect(r.status).toBe(201);
}

function upload(name: string, body: Buffer): Promise<Response> {
  return fetch(`${server.url}${API}/buildconfigs/${name}/instantiatebinary`, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream' },
    body,
  });
}

async function tarOf(entries: { header: Headers; data?: string }[]): Promise<Buffer> {
  const p = pack();
  for (const e of entries) p.entry(e.header, e.data);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** the content of `path` in `image`, read from a created (never started) container */
async function fileInImage(image: string, path: string): Promise<string> {
  const c = await docker.createContainer({ Image: image, Cmd: ['none'] });
  try {
    const archive = await c.getArchive({ path });
    return await new Promise((resolve, reject) => {
      const ex = extract();
      let text = '';
      ex.on('entry', (_h, stream, next) => {
        stream.on('data', (d: Buffer) => (text += d.toString()));
        stream.on('end', () => next());
      });
      ex.on('finish', () => resolve(text));
      ex.on('error', reject);
      archive.pipe(ex);
    });
  } finally {
    await c.remove({ force: true });
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'is-build-binary-'));
  engine = await startDocker();
  docker = engine.docker;
  server = await startServer({
    listen: '127.0.0.1:0',
    dataDir,
    extensions: [buildsExtension({ docker, maxConcurrent: 1 })],
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await engine?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

describe('binary builds (instantiatebinary)', () => {
  it('isctl start-build --from-dir builds an image whose content is the directory', async () => {
    await createConfig('dir');
    const src = join(dataDir, 'src');
    await mkdir(join(src, 'sub'), { recursive: true });
    await writeFile(join(src, 'Dockerfile'), 'FROM scratch\nCOPY sub/hello.txt /hello.txt\n');
    const marker = `from-dir-${process.pid}-${Date.now()}`;
    await writeFile(join(src, 'sub', 'hello.txt'), marker);
    await buildProject();
    const r = await runCli(
      ['start-build', 'dir', '--from-dir', src, '--wait', '--server', server.url, '-n', NS],
      {
        timeoutMs: 120_000,
      },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('build.build.openshift.io/dir-1 started\n');
    const b = await finished('dir-1');
    expect(b.status?.phase).toBe('Complete');
    expect(b.spec.source.binary).toEqual({});
    expect(await fileInImage(`${NS}/dir-1:latest`, '/hello.txt')).toBe(marker);
    // the upload served its build once and left the store
    expect(await server.store.get(BUILD_BINARIES, NS, 'dir-1')).toBeUndefined();
  }, 180_000);

  it('refuses an archive with a path leaving the context, or a symlink, and stores nothing', async () => {
    await createConfig('evil');
    const traversal = await tarOf([
      { header: { name: 'Dockerfile' }, data: 'FROM scratch\n' },
      { header: { name: 'a/../../escaped.txt' }, data: 'x' },
    ]);
    const r = await upload('evil', traversal);
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toContain('outside the build context');
    const link = await tarOf([{ header: { name: 'l', type: 'symlink', linkname: '/etc/passwd' } }]);
    const l = await upload('evil', link);
    expect(l.status).toBe(400);
    expect(((await l.json()) as { message: string }).message).toContain('symlink');
    expect(await server.store.get(BUILDS, NS, 'evil-1')).toBeUndefined();
    const bc = (await server.store.get(BUILD_CONFIGS, NS, 'evil')) as { status?: { lastVersion?: number } };
    expect(bc.status?.lastVersion ?? 0).toBe(0);
  });

  it('answers 413 to an upload beyond the limit, and 400 to a BuildConfig without a binary source', async () => {
    await createConfig('big');
    const r = await upload('big', Buffer.alloc(MAX_BINARY_BYTES + 1, 1));
    expect(r.status).toBe(413);
    const discovery = (await (await fetch(`${server.url}/apis/build.openshift.io/v1`)).json()) as {
      resources: { name: string; verbs: string[] }[];
    };
    expect(discovery.resources.find((x) => x.name === 'buildconfigs/instantiatebinary')?.verbs).toEqual([
      'create',
    ]);
    expect(await r.json()).toMatchObject({ kind: 'Status', code: 413 });
    expect(await server.store.get(BUILDS, NS, 'big-1')).toBeUndefined();
    const plain = await fetch(`${server.url}${API}/buildconfigs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'build.openshift.io/v1',
        kind: 'BuildConfig',
        metadata: { name: 'plain' },
        spec: { source: { dockerfile: 'FROM scratch\n' }, strategy: { dockerStrategy: {} } },
      }),
    });
    expect(plain.status).toBe(201);
    const n = await upload('plain', await tarOf([{ header: { name: 'f' }, data: 'x' }]));
    expect(n.status).toBe(400);
    // and a binary BuildConfig is not instantiated without its upload
    const i = await fetch(`${server.url}${API}/buildconfigs/big/instantiate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'BuildRequest',
        apiVersion: 'build.openshift.io/v1',
        metadata: { name: 'big' },
      }),
    });
    expect(i.status).toBe(400);
    expect(((await i.json()) as { message: string }).message).toContain('binary source');
  });

  it('builds a single file with asFile next to an inline Dockerfile', async () => {
    const r = await fetch(`${server.url}${API}/buildconfigs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'build.openshift.io/v1',
        kind: 'BuildConfig',
        metadata: { name: 'one' },
        spec: {
          source: { dockerfile: 'FROM scratch\nCOPY app.bin /app.bin\n', binary: {} },
          strategy: { dockerStrategy: {} },
        },
      }),
    });
    expect(r.status).toBe(201);
    const res = await fetch(
      `${server.url}${API}/buildconfigs/one/instantiatebinary?asFile=app.bin&revision.commit=abc1234`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/octet-stream' },
        body: 'single-file-content',
      },
    );
    expect(res.status).toBe(201);
    const b = await finished('one-1');
    expect(b.status?.phase).toBe('Complete');
    expect(b.spec.source.binary).toEqual({ asFile: 'app.bin' });
    expect(b.spec.revision?.git?.commit).toBe('abc1234');
    expect(await fileInImage(`${NS}/one-1:latest`, '/app.bin')).toBe('single-file-content');
    const bad = await fetch(`${server.url}${API}/buildconfigs/one/instantiatebinary?asFile=../x`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: 'x',
    });
    expect(bad.status).toBe(400);
  }, 120_000);
});
