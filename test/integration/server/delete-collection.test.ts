/** DELETE on a collection (deletecollection): selectors, dry run, the answer, authorization as delete. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';

let api: TestApiServer;
let dir: string;
const BASE = '/apis/image.openshift.io/v1/namespaces/default/imagestreams';

async function call(method: string, path: string, token: string, body?: unknown) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { code: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const names = (list: { items: { metadata: { name: string } }[] }) =>
  list.items.map((i) => i.metadata.name).sort();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagestreams-dc-'));
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(
    tokenFile,
    ['writer,walt,1,"imagestreams:write:default"', 'reader,rita,2,"imagestreams:read:default"'].join('\n'),
  );
  api = await startTestApiServer({ tokenAuthFile: tokenFile });
  for (const [name, app] of [
    ['x', 'a'],
    ['y', 'a'],
    ['z', 'b'],
  ])
    expect((await call('POST', BASE, 'writer', { metadata: { name, labels: { app } } })).code).toBe(201);
});
afterAll(async () => {
  await api?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('deletecollection', () => {
  it('is in discovery', async () => {
    const r = await call('GET', '/apis/image.openshift.io/v1', 'reader');
    const is = r.body.resources.find((x: { name: string }) => x.name === 'imagestreams');
    expect(is.verbs).toContain('deletecollection');
  });

  it('needs the right to delete (403 for a reader)', async () => {
    const r = await call('DELETE', `${BASE}?labelSelector=app%3Da`, 'reader');
    expect(r.code).toBe(403);
    expect(r.body.message).toContain('cannot deletecollection resource "imagestreams"');
  });

  it('answers what a dry run would delete, and deletes nothing', async () => {
    const r = await call('DELETE', `${BASE}?labelSelector=app%3Da&dryRun=All`, 'writer');
    expect(r.code).toBe(200);
    expect(names(r.body as never)).toEqual(['x', 'y']);
    expect(names((await call('GET', BASE, 'reader')).body as never)).toEqual(['x', 'y', 'z']);
  });

  it('deletes what the label selector matches and answers the deleted list', async () => {
    const r = await call('DELETE', `${BASE}?labelSelector=app%3Da`, 'writer', {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
    });
    expect(r.code).toBe(200);
    expect(r.body.kind).toBe('ImageStreamList');
    expect(names(r.body as never)).toEqual(['x', 'y']);
    expect(names((await call('GET', BASE, 'reader')).body as never)).toEqual(['z']);
  });

  it('deletes by field selector', async () => {
    const r = await call('DELETE', `${BASE}?fieldSelector=metadata.name%3Dz`, 'writer');
    expect(names(r.body as never)).toEqual(['z']);
    expect(names((await call('GET', BASE, 'reader')).body as never)).toEqual([]);
  });

  it('is no path across all namespaces, as in kube-apiserver (404)', async () => {
    expect((await call('DELETE', '/apis/image.openshift.io/v1/imagestreams', 'writer')).code).toBe(404);
  });
});
