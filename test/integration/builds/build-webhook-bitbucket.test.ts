/**
 * `buildconfigs/NAME/webhooks/SECRET/bitbucket` against the real server, as OpenShift's bitbucket
 * plugin: Bitbucket Cloud `repo:push` and Bitbucket Server `repo:refs_changed` start a build of the
 * pushed commit (cause `Bitbucket WebHook`, the secret hidden); another branch is skipped with 200;
 * other events and payloads without changes are a 400; a wrong secret is the usual 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Build } from '../../../src/builds/schema.js';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { BUILDS } from '../../../src/store/resource-types.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';

const NS = 'bb';
const SECRET = 'bitbucket-hook-secret-1234';
const API = `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`;
const C1 = 'a'.repeat(40);
const C2 = 'b'.repeat(40);

let api: TestApiServer;

async function hook(event: string | undefined, body: unknown, secret = SECRET) {
  const res = await fetch(`${api.url}${API}/app/webhooks/${secret}/bitbucket`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(event ? { 'x-event-key': event } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { message: string; details?: { name?: string } } };
}

const cloudPush = (branch: string, hash: string) => ({
  push: {
    changes: [
      {
        old: { name: branch, target: { hash: 'c'.repeat(40) } },
        new: { name: branch, target: { hash } },
        commits: [{ hash, message: 'fix the thing\n', author: { display_name: 'Ada Dev' } }],
      },
    ],
  },
});

beforeAll(async () => {
  api = await startTestApiServer({ extensions: [buildsExtension({ enabled: false })] });
  const res = await fetch(`${api.url}${API}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: { name: 'app' },
      spec: {
        source: { git: { uri: 'https://bitbucket.example/team/app.git', ref: 'main' } },
        strategy: { dockerStrategy: {} },
        triggers: [{ type: 'Bitbucket', bitbucket: { secret: SECRET } }],
      },
    }),
  });
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await api?.close();
});

describe('Bitbucket webhook', () => {
  it('builds the pushed commit of a Bitbucket Cloud repo:push', async () => {
    const r = await hook('repo:push', cloudPush('main', C1));
    expect(r.status).toBe(200);
    expect(r.body.details?.name).toBe('app-1');
    const b = (await api.server.store.get(BUILDS, NS, 'app-1')) as Build;
    const revision = {
      type: 'Git',
      git: {
        commit: C1,
        message: 'fix the thing\n',
        author: { name: 'Ada Dev' },
        committer: { name: 'Ada Dev' },
      },
    };
    expect(b.spec.revision).toEqual(revision);
    expect(b.spec.triggeredBy).toEqual([
      { message: 'Bitbucket WebHook', bitbucketWebHook: { revision, secret: '<secret>' } },
    ]);
    expect(JSON.stringify(b)).not.toContain(SECRET);
  });

  it('builds the toHash of a Bitbucket Server repo:refs_changed', async () => {
    const r = await hook('repo:refs_changed', {
      changes: [{ ref: { id: 'refs/heads/main', displayId: 'main' }, toHash: C2 }],
    });
    expect(r.status).toBe(200);
    const b = (await api.server.store.get(BUILDS, NS, r.body.details?.name ?? '')) as Build;
    expect(b.spec.revision).toEqual({ type: 'Git', git: { commit: C2 } });
  });

  it('skips another branch, refuses other events, bad payloads and a wrong secret', async () => {
    const other = await hook('repo:push', cloudPush('feature', C1));
    expect(other.status).toBe(200);
    expect(other.body.message).toBe(
      'skipping build. Branch reference from "feature" does not match configuration "main"',
    );
    expect((await hook('pullrequest:created', cloudPush('main', C1))).body.message).toBe(
      'Unknown Bitbucket X-Event-Key pullrequest:created',
    );
    expect((await hook(undefined, cloudPush('main', C1))).status).toBe(400);
    const empty = await hook('repo:push', { push: { changes: [] } });
    expect(empty).toMatchObject({
      status: 400,
      body: { message: 'the bitbucket payload has no push.changes' },
    });
    const notHash = await hook('repo:push', cloudPush('main', '--upload-pack=x'));
    expect(notHash.status).toBe(400);
    expect((await hook('repo:push', cloudPush('main', C1), 'wrong-secret')).status).toBe(401);
    const builds = await api.server.store.list(BUILDS, { namespace: NS });
    expect(builds.items.map((b) => b.metadata.name).sort()).toEqual(['app-1', 'app-2']);
  });
});
