/**
 * `isctl prune` against the real server: what it trims from tag history and which Images it
 * deletes (only those no stream refers to any more), the dry run, and a list item it cannot read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageStreamSchema } from '../../../src/api/schema/image-stream.js';
import { registerPrune } from '../../../src/cli/commands/prune.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { runIsctlInProcess } from '../../support/isctl-in-process.js';
import { shopWriter } from '../../support/shop-mappings.js';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const [A, B, C, D] = ['a', 'b', 'c', 'd'].map(digest) as [string, string, string, string];

let server: RunningServer;
let dir: string;

const api = (p: string) => `${server.url}/apis/image.openshift.io/v1/${p}`;

const { post, mapping } = shopWriter(() => server.url);

async function history(stream: string): Promise<string[]> {
  const res = await fetch(api(`namespaces/shop/imagestreams/${stream}`));
  const is = ImageStreamSchema.parse(await res.json());
  return (is.status?.tags?.find((t) => t.tag === 'latest')?.items ?? []).map((i) => i.image);
}

async function images(): Promise<string[]> {
  const list = (await (await fetch(api('images'))).json()) as { items: { metadata: { name: string } }[] };
  return list.items.map((i) => i.metadata.name).sort();
}

const prune = (url: string, extra: string[] = []) =>
  runIsctlInProcess(
    [registerPrune],
    ['prune', '--keep-tag-revisions', '2', '--keep-younger-than', '0s', ...extra, '--server', url],
  );

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'isctl-prune-'));
  server = await startServer({ listen: '127.0.0.1:0', dataDir: dir });
  for (const name of ['web', 'other'])
    await post('imagestreams', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name },
    });
  for (const d of [A, B, C, D]) await mapping('web', d);
  await mapping('other', A);
  // history and images must be older than --keep-younger-than 0s's "now" (times have seconds)
  await new Promise((r) => setTimeout(r, 1100));
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('isctl prune', () => {
  it('without --confirm reports what it would remove and changes nothing', async () => {
    const r = await prune(server.url);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Dry run enabled');
    expect(r.stdout).toContain(`shop/web:latest\t${B}`);
    expect(r.stdout).toContain(`shop/web:latest\t${A}`);
    expect(r.stdout.split('IMAGE\n')[1]).toBe(`${B}\n`);
    expect(await history('web')).toEqual([D, C, B, A]);
    expect(await images()).toEqual([A, B, C, D]);
  });

  it('with --confirm trims history past the kept revisions and deletes only images no stream refers to', async () => {
    const r = await prune(server.url, ['--confirm']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await history('web')).toEqual([D, C]);
    expect(await history('other')).toEqual([A]);
    // A left web's history but `other` still refers to it
    expect(await images()).toEqual([A, C, D]);
  });
});

describe('isctl prune against a server whose list it cannot read', () => {
  let bad: Server;
  let url: string;
  beforeAll(async () => {
    bad = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      const items = req.url?.includes('/imagestreams')
        ? [
            {
              apiVersion: 'image.openshift.io/v1',
              kind: 'ImageStream',
              metadata: { name: 'web', namespace: 'shop', resourceVersion: '1' },
              spec: {},
              status: { dockerImageRepository: '', tags: [{ tag: 'latest', items: 'not a list' }] },
            },
          ]
        : [];
      res.end(JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items }));
    });
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(bad.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => bad.close(() => r())));

  it('stops before acting, naming the item and the field it cannot read', async () => {
    const r = await prune(url, ['--confirm']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('ImageStream this client cannot read (web)');
    expect(r.stderr).toContain('items[0].status.tags[0].items');
    expect(r.stdout).not.toContain('Deleting images');
  });
});
