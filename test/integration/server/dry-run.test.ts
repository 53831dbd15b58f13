/** A dry-run write answers what the real one stores (uid, creationTimestamp, generation rules, omitted empty maps). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';

let api: TestApiServer;
const BASE = '/apis/image.openshift.io/v1/namespaces/default/imagestreams';

async function call(method: string, path: string, body: unknown, type = 'application/json') {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'content-type': type },
    body: JSON.stringify(body),
  });
  return {
    code: res.status,
    body: (await res.json()) as { metadata: Record<string, unknown> } & Record<string, unknown>,
  };
}

/** what two writes a moment apart differ in: the resourceVersion, and each managedFields entry's time (whole seconds, so a second may tick between them) */
const withoutVersion = (o: { metadata: Record<string, unknown> }) => ({
  ...o,
  metadata: {
    ...o.metadata,
    resourceVersion: undefined,
    managedFields: (o.metadata.managedFields as Record<string, unknown>[] | undefined)?.map((f) => ({
      ...f,
      time: undefined,
    })),
  },
});

beforeAll(async () => {
  api = await startTestApiServer();
  const created = await call('POST', BASE, {
    metadata: { name: 'ruby' },
    spec: { tags: [{ name: 'a', from: { kind: 'DockerImage', name: 'r/ruby:a' } }] },
  });
  expect(created.code).toBe(201);
});
afterAll(async () => {
  await api?.close();
});

describe('dry run', () => {
  it('a dry-run strategic merge patch answers what the real patch then stores', async () => {
    const patch = {
      metadata: { annotations: {}, labels: { team: 'x' } },
      spec: { tags: [{ name: 'b', from: { kind: 'DockerImage', name: 'r/ruby:b' } }] },
    };
    const type = 'application/strategic-merge-patch+json';
    const dry = await call('PATCH', `${BASE}/ruby?dryRun=All`, patch, type);
    expect(dry.code).toBe(200);
    const real = await call('PATCH', `${BASE}/ruby`, patch, type);
    expect(real.code).toBe(200);
    expect(withoutVersion(dry.body)).toEqual(withoutVersion(real.body));
    expect(real.body.metadata.generation).toBe(2);
    expect('annotations' in real.body.metadata).toBe(false);
  });

  it('a dry-run update keeps uid and creationTimestamp, as the real one', async () => {
    const current = (await (await fetch(`${api.url}${BASE}/ruby`)).json()) as {
      metadata: Record<string, unknown>;
    };
    const dry = await call('PUT', `${BASE}/ruby?dryRun=All`, {
      ...current,
      metadata: { ...current.metadata, uid: undefined, creationTimestamp: undefined },
    });
    expect(dry.code).toBe(200);
    expect(dry.body.metadata.uid).toBe(current.metadata.uid);
    expect(dry.body.metadata.creationTimestamp).toBe(current.metadata.creationTimestamp);
    expect(dry.body.metadata.generation).toBe(current.metadata.generation);
  });
});
