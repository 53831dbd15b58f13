import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, ClientConnectionError, ClientStatusError } from '../../../src/cli/api-client.js';
import { RESOURCES } from '../../../src/cli/resources.js';
import { startTestServer, type TestServer } from './cli-harness.js';

let t: TestServer;
let client: ApiClient;
const IS = RESOURCES.imagestreams;

const stream = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name, labels },
  spec: {
    tags: [{ name: 'latest', reference: true, from: { kind: 'DockerImage', name: '127.0.0.1:1/x:1' } }],
  },
});

beforeAll(async () => {
  t = await startTestServer();
  client = new ApiClient({ server: t.server.url });
});

afterAll(async () => {
  await client?.close();
  await t?.stop();
});

describe('ApiClient against the real server', () => {
  it('creates, gets and lists with a label selector, following continue tokens', async () => {
    for (let i = 0; i < 5; i++)
      await client.create(IS, stream(`s${i}`, { group: i % 2 ? 'odd' : 'even' }), 'ns1');
    expect((await client.get(IS, 's0', 'ns1')).metadata.name).toBe('s0');
    const all = await client.list(IS, { namespace: 'ns1', chunkSize: 2 });
    expect(all.items.map((o) => o.metadata.name).sort()).toEqual(['s0', 's1', 's2', 's3', 's4']);
    const odd = await client.list(IS, { namespace: 'ns1', labelSelector: 'group=odd' });
    expect(odd.items.map((o) => o.metadata.name).sort()).toEqual(['s1', 's3']);
  });

  it('updates with the current resourceVersion and gets a 409 Conflict with a stale one', async () => {
    const live = await client.get(IS, 's0', 'ns1');
    const updated = await client.update(
      IS,
      's0',
      { ...live, metadata: { ...live.metadata, labels: { v: '2' } } },
      'ns1',
    );
    expect(updated.metadata.labels).toEqual({ v: '2' });
    const stale = client.update(
      IS,
      's0',
      { ...live, metadata: { ...live.metadata, labels: { v: '3' } } },
      'ns1',
    );
    await expect(stale).rejects.toMatchObject({ code: 409, reason: 'Conflict' });
  });

  it('patches with merge and JSON patches', async () => {
    const merged = await client.patch(IS, 's1', { spec: { lookupPolicy: { local: true } } }, 'merge', 'ns1');
    expect((merged.spec as { lookupPolicy: { local: boolean } }).lookupPolicy.local).toBe(true);
    const jp = await client.patch(
      IS,
      's1',
      [{ op: 'add', path: '/metadata/labels/extra', value: 'x' }],
      'json',
      'ns1',
    );
    expect(jp.metadata.labels?.extra).toBe('x');
  });

  it('decodes the server’s Status into a ClientStatusError', async () => {
    const err = await client.get(IS, 'absent', 'ns1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClientStatusError);
    expect(err).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'imagestreams.image.openshift.io "absent" not found',
    });
    const invalid = await client.create(IS, stream('Bad_Name'), 'ns1').catch((e: unknown) => e);
    expect(invalid).toMatchObject({ code: 422, reason: 'Invalid' });
  });

  it('deletes', async () => {
    await client.delete(IS, 's4', 'ns1');
    await expect(client.get(IS, 's4', 'ns1')).rejects.toMatchObject({ code: 404 });
  });

  it('reports a refused connection as kubectl does', async () => {
    const dead = new ApiClient({ server: 'http://127.0.0.1:1' });
    const err = await dead.list(IS, { namespace: 'x' }).catch((e: unknown) => e);
    await dead.close();
    expect(err).toBeInstanceOf(ClientConnectionError);
    expect((err as Error).message).toBe(
      'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?',
    );
  });
});
