/**
 * The importer inside the real API server: the imagestreamimports endpoint, the tag import
 * controller, `isctl import-image` / `isctl tag` / `isctl prune` (run in process against the
 * server) and `kubectl` reading what was imported.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerImportImage } from '../../../src/cli/commands/import-image.js';
import { registerPrune } from '../../../src/cli/commands/prune.js';
import { registerTag } from '../../../src/cli/commands/tag.js';
import { importerExtension } from '../../../src/importer/index.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { runIsctlInProcess } from '../../support/isctl-in-process.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';

const exec = promisify(execFile);

interface Stream {
  metadata: { resourceVersion: string; annotations?: Record<string, string> };
  spec: { tags?: { name: string; from?: { kind: string; name: string } }[] };
  status?: {
    tags?: {
      tag: string;
      items?: { image: string; generation: number }[];
      conditions?: { reason?: string }[];
    }[];
  };
}

/** Runs one isctl command in this process, capturing what it prints and its exit code. */
const isctl = (args: string[]) => runIsctlInProcess([registerImportImage, registerTag, registerPrune], args);

describe('importer in the API server', () => {
  let registry: TestRegistry;
  let server: RunningServer;
  let dir: string;
  const base = () => `${server.url}/apis/image.openshift.io/v1/namespaces/default`;
  const stream = async (name: string) =>
    (await (await fetch(`${base()}/imagestreams/${name}`)).json()) as Stream;
  const kubectl = async (...args: string[]) =>
    (await exec('kubectl', ['--server', server.url, '-n', 'default', ...args], { timeout: 30_000 })).stdout;
  const until = async <T>(fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error('condition not reached in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'none' });
    dir = mkdtempSync(join(tmpdir(), 'importer-server-'));
    server = await startServer({ listen: '127.0.0.1:0', dataDir: dir, extensions: [importerExtension({})] });
  });

  afterAll(async () => {
    await server?.close();
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists imagestreamimports in discovery as a create-only resource', async () => {
    const list = (await (await fetch(`${server.url}/apis/image.openshift.io/v1`)).json()) as {
      resources: { name: string; verbs: string[]; namespaced: boolean }[];
    };
    expect(list.resources.find((r) => r.name === 'imagestreamimports')).toMatchObject({
      verbs: ['create'],
      namespaced: true,
    });
  });

  it('serves imagestreamimports: a dry run writes nothing, an import creates the stream', async () => {
    const pushed = await pushImage(registry, 'team/api', 'v1');
    const body = (doImport: boolean) => ({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'api' },
      spec: {
        import: doImport,
        images: [
          {
            from: { kind: 'DockerImage', name: `${registry.host}/team/api:v1` },
            to: { name: 'v1' },
            importPolicy: { insecure: true },
          },
        ],
      },
    });
    const dry = await fetch(`${base()}/imagestreamimports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body(false)),
    });
    expect(dry.status).toBeLessThan(300);
    const dryOut = (await dry.json()) as { status: { images: { image: { metadata: { name: string } } }[] } };
    expect(dryOut.status.images[0]?.image.metadata.name).toBe(pushed.digest);
    expect((await fetch(`${base()}/imagestreams/api`)).status).toBe(404);
    const real = await fetch(`${base()}/imagestreamimports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body(true)),
    });
    expect(real.status).toBeLessThan(300);
    expect((await stream('api')).status?.tags?.[0]?.items?.[0]?.image).toBe(pushed.digest);
  });

  it('isctl import-image --from --confirm --insecure imports, and kubectl sees the tag and the image', async () => {
    const pushed = await pushImage(registry, 'team/web', '1.0', {
      env: ['MODE=prod'],
      labels: { team: 'web' },
    });
    const r = await isctl([
      'import-image',
      'web:1.0',
      `--from=${registry.host}/team/web:1.0`,
      '--confirm',
      '--insecure',
      '--server',
      server.url,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('imagestream.image.openshift.io/web imported\n\nName:')).toBe(true);
    // the stream's description, then the image as oc describe image prints it
    expect(r.stdout).toMatch(/^Tags:\s+1$/m);
    expect(r.stdout).toContain(
      `Image Name:\tweb:1.0\nDocker Image:\t${registry.host}/team/web@${pushed.digest}\n`,
    );
    expect(r.stdout).toMatch(/^Environment:\s+MODE=prod$/m);
    expect(r.stdout).not.toContain('Entrypoint:');
    expect(await kubectl('get', 'istag', 'web:1.0', '-o', 'jsonpath={.image.metadata.name}')).toBe(
      pushed.digest,
    );
    const yaml = await kubectl('get', 'image', pushed.digest, '-o', 'yaml');
    expect(yaml).toContain('dockerImageMetadata:');
    expect(yaml).toContain('MODE=prod');
    expect(yaml).toMatch(/team: web/);
  });

  it('re-running import-image without --from re-imports the recorded source and writes nothing when unchanged', async () => {
    const before = await stream('web');
    const r = await isctl(['import-image', 'web:1.0', '--server', server.url]);
    expect(r.code).toBe(0);
    const after = await stream('web');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    const moved = await pushImage(registry, 'team/web', '1.0');
    await isctl(['import-image', 'web:1.0', '--server', server.url]);
    const items = (await stream('web')).status?.tags?.[0]?.items ?? [];
    expect(items.map((i) => i.image)[0]).toBe(moved.digest);
    expect(items).toHaveLength(2);
    expect(items[0]!.generation).toBeGreaterThan(items[1]!.generation);
  });

  it('isctl import-image --all imports every tag of a repository and describes the stream', async () => {
    for (const t of ['latest', '2.0', 'extra']) await pushImage(registry, 'team/all', t);
    const r = await isctl([
      'import-image',
      'all',
      '--all',
      `--from=${registry.host}/team/all`,
      '--confirm',
      '--insecure',
      '--server',
      server.url,
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('imagestream.image.openshift.io/all imported\n');
    expect(r.stdout).toContain('Tags:');
    expect(((await stream('all')).status?.tags ?? []).map((t) => t.tag).sort()).toEqual([
      '2.0',
      'extra',
      'latest',
    ]);
  });

  it('refuses to create a stream without --confirm', async () => {
    const r = await isctl([
      'import-image',
      'nothere:1',
      `--from=${registry.host}/team/web:1.0`,
      '--server',
      server.url,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('pass --confirm to create and import');
  });

  it('prints tag failures and exits 1 when the registry says the tag does not exist', async () => {
    const r = await isctl([
      'import-image',
      'web:nope',
      `--from=${registry.host}/team/web:nope`,
      '--confirm',
      '--insecure',
      '--server',
      server.url,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: tag nope failed: dockerimage.image.openshift.io');
    expect(r.stdout).toContain('imagestream.image.openshift.io/web imported with errors\n');
    expect(r.stderr.trimEnd().split('\n').pop()).toBe(
      'error: the import of imagestream.image.openshift.io/web completed with errors',
    );
  });

  it("refuses a --from that differs from the tag's source and points to isctl tag", async () => {
    const r = await isctl([
      'import-image',
      'web:1.0',
      `--from=${registry.host}/team/other:1.0`,
      '--confirm',
      '--server',
      server.url,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `the tag "1.0" points to "${registry.host}/team/web:1.0" - use the 'tag' command if you want to change the source to "${registry.host}/team/other:1.0"`,
    );
  });

  it('imports the DockerImage tags of an applied stream without further action', async () => {
    const pushed = await pushImage(registry, 'team/applied', 'stable');
    const manifest = JSON.stringify({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'applied' },
      spec: {
        tags: [
          {
            name: 'stable',
            from: { kind: 'DockerImage', name: `${registry.host}/team/applied:stable` },
            importPolicy: { insecure: true },
          },
        ],
      },
    });
    const child = execFile('kubectl', ['--server', server.url, '-n', 'default', 'apply', '-f', '-']);
    child.stdin?.end(manifest);
    await new Promise((resolve, reject) =>
      child.on('exit', (c) => (c === 0 ? resolve(c) : reject(new Error(`kubectl apply exited ${c}`)))),
    );
    const image = await until(
      async () => (await stream('applied')).status?.tags?.find((t) => t.tag === 'stable')?.items?.[0]?.image,
    );
    expect(image).toBe(pushed.digest);
  });

  it('isctl tag copies an istag by digest, tracks with --alias (following later imports), imports a docker source, and deletes', async () => {
    const current = (await stream('web')).status?.tags?.[0]?.items?.[0]?.image;
    const copy = await isctl(['tag', 'web:1.0', 'web:latest', '--server', server.url]);
    expect(copy.stdout).toBe(`Tag web:latest set to web@${current}.\n`);
    const alias = await isctl(['tag', 'web:1.0', 'web:stable', '--alias', '--server', server.url]);
    expect(alias.stdout).toBe('Tag web:stable set up to track web:1.0.\n');
    const spec = (await stream('web')).spec.tags ?? [];
    expect(spec.find((t) => t.name === 'latest')?.from).toMatchObject({
      kind: 'ImageStreamImage',
      name: `web@${current}`,
    });
    expect(spec.find((t) => t.name === 'stable')?.from).toMatchObject({
      kind: 'ImageStreamTag',
      name: 'web:1.0',
    });

    const istag = (name: string) => kubectl('get', 'istag', name, '-o', 'jsonpath={.image.metadata.name}');
    expect(await istag('web:latest')).toBe(current);
    expect(await istag('web:stable')).toBe(current);
    const moved = await pushImage(registry, 'team/web', '1.0');
    expect((await isctl(['import-image', 'web:1.0', '--server', server.url])).code).toBe(0);
    expect(await istag('web:stable')).toBe(moved.digest);
    expect(await istag('web:latest')).toBe(current);
    const pushed = await pushImage(registry, 'team/other', 'v2');
    const docker = await isctl([
      'tag',
      `${registry.host}/team/other:v2`,
      'web:other',
      'copy:v2',
      '--insecure',
      '--server',
      server.url,
    ]);
    expect(docker.stdout).toBe(
      `Tag web:other set to ${registry.host}/team/other:v2.\nTag copy:v2 set to ${registry.host}/team/other:v2.\n`,
    );
    const imported = await until(
      async () => (await stream('copy')).status?.tags?.find((t) => t.tag === 'v2')?.items?.[0]?.image,
    );
    expect(imported).toBe(pushed.digest);

    const cross = await isctl(['tag', 'web:latest', 'prod/web:live', '--server', server.url]);
    expect(cross.stdout).toBe(`Tag prod/web:live set to web@${current}.\n`);
    const prod = (await (
      await fetch(`${server.url}/apis/image.openshift.io/v1/namespaces/prod/imagestreams/web`)
    ).json()) as Stream;
    expect(prod.spec.tags?.find((t) => t.name === 'live')?.from).toEqual({
      kind: 'ImageStreamImage',
      name: `web@${current}`,
      namespace: 'default',
    });

    const del = await isctl(['tag', '-d', 'copy:v2', '--server', server.url]);
    expect(del.stdout).toBe('Deleted tag default/copy:v2.\n');
    expect((await stream('copy')).spec.tags ?? []).toEqual([]);
  });

  it('isctl prune is a dry run without --confirm', async () => {
    const r = await isctl([
      'prune',
      '--keep-tag-revisions=1',
      '--keep-younger-than=0s',
      '--server',
      server.url,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run enabled');
    expect(r.stdout).toMatch(/default\/web:1\.0\tsha256:/);
    expect((await stream('web')).status?.tags?.find((t) => t.tag === '1.0')?.items).toHaveLength(3);
    const real = await isctl([
      'prune',
      '--keep-tag-revisions=1',
      '--keep-younger-than=0s',
      '--confirm',
      '--server',
      server.url,
    ]);
    expect(real.code).toBe(0);
    expect((await stream('web')).status?.tags?.find((t) => t.tag === '1.0')?.items).toHaveLength(1);
  });
});
