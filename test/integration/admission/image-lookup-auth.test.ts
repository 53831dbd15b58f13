/**
 * Who may call the image-lookup webhook: it is served on the API's listener behind the same
 * authentication, so kube-apiserver must present a token from the token file, and a caller that is
 * refused the API is refused the webhook the same way. There is no kube-apiserver here: requests
 * come from fetch and, for a non-loopback peer, from Fastify's inject with a remote address.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageLookupAdmissionExtension } from '../../../src/admission/serve-extension.js';
import type { Store } from '../../../src/store/store.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import {
  D1,
  KINDS,
  admissionReview,
  createStreams,
  patched,
  podSpec,
  withImages,
  workload,
  type ReviewAnswer,
} from './fixtures.js';

const PATH = '/admission/image-lookup';
const API_PATH = '/apis/image.openshift.io/v1/namespaces/team/imagestreams';
const KUBE_APISERVER_TOKEN = 'kube-apiserver-token-8c1d';
const ELSEWHERE_TOKEN = 'elsewhere-token-51aa';
let dir: string;
let open: TestApiServer;
let tokens: TestApiServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'admission-auth-'));
  const tokenFile = path.join(dir, 'tokens.csv');
  await writeFile(
    tokenFile,
    [
      `${KUBE_APISERVER_TOKEN},system:kube-apiserver,u1,"imagestreams:read:*"`,
      `${ELSEWHERE_TOKEN},someone,u2,"imagestreams:read:elsewhere"`,
      '',
    ].join('\n'),
  );
  open = await startTestApiServer({ extensions: [imageLookupAdmissionExtension()] });
  tokens = await startTestApiServer({
    tokenAuthFile: tokenFile,
    extensions: [imageLookupAdmissionExtension()],
  });
  await createStreams(open.server.store);
  await createStreams(tokens.server.store);
}, 30_000);

afterAll(async () => {
  await open?.close();
  await tokens?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function deployment() {
  const object = workload(KINDS.Deployment!, podSpec({ containers: ['ruby:3.3'] }));
  return { object, body: admissionReview(KINDS.Deployment!, object) };
}

async function call(server: TestApiServer, body: unknown, token?: string) {
  const res = await fetch(`${server.url}${PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as unknown };
}

async function fromElsewhere(server: TestApiServer, method: 'GET' | 'POST', url: string, body?: unknown) {
  const res = await server.server.app.inject({
    method,
    url,
    remoteAddress: '10.20.30.40',
    ...(body ? { payload: body as object, headers: { 'content-type': 'application/json' } } : {}),
  });
  return { status: res.statusCode, json: res.json<unknown>() };
}

describe('image lookup admission: authentication', () => {
  it('refuses an unauthenticated non-loopback caller as the API does, and answers a loopback one', async () => {
    const { object, body } = deployment();
    const webhook = await fromElsewhere(open, 'POST', PATH, body);
    const apiList = await fromElsewhere(open, 'GET', API_PATH);
    expect(webhook.status).toBe(401);
    expect(webhook).toEqual(apiList);
    // loopback without a token file: the single-user local server answers
    const local = await call(open, body);
    expect(local.status).toBe(200);
    expect(patched(object, local.json as ReviewAnswer)).toEqual(
      withImages(object, { '/spec/template/spec/containers/0/image': `quay.io/lib/ruby@${D1}` }),
    );
  });

  it("with a token file: no token or a wrong one is 401 like the API; kube-apiserver's token is answered", async () => {
    const { object, body } = deployment();
    for (const token of [undefined, 'not-a-token']) {
      const webhook = await call(tokens, body, token);
      const res = await fetch(`${tokens.url}${API_PATH}`, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      expect(webhook.status).toBe(401);
      expect(res.status).toBe(401);
      expect(webhook.json).toEqual(await res.json());
      expect(JSON.stringify(webhook.json)).not.toContain('not-a-token');
    }
    expect((await fromElsewhere(tokens, 'POST', PATH, body)).status).toBe(401);
    const answered = await call(tokens, body, KUBE_APISERVER_TOKEN);
    expect(answered.status).toBe(200);
    expect(patched(object, answered.json as ReviewAnswer)).toEqual(
      withImages(object, { '/spec/template/spec/containers/0/image': `quay.io/lib/ruby@${D1}` }),
    );
  });

  it('a caller who may not read the namespace streams gets no patch, only a warning', async () => {
    const { body } = deployment();
    const answer = await call(tokens, body, ELSEWHERE_TOKEN);
    expect(answer.status).toBe(200);
    const { response } = answer.json as ReviewAnswer;
    expect(response).toMatchObject({ uid: body.request.uid, allowed: true });
    expect(response.patch).toBeUndefined();
    expect(response.warnings).toEqual([expect.stringContaining('may not read image streams in "team"')]);
  });
});

describe('image lookup admission: failures never fail closed', () => {
  it('admits unchanged with a warning when the store fails', async () => {
    const store: Store = open.server.store;
    const get = store.get.bind(store);
    store.get = () => Promise.reject(new Error('store unavailable: disk I/O error'));
    try {
      const { body } = deployment();
      const answer = await call(open, body);
      expect(answer.status).toBe(200);
      const { response } = answer.json as ReviewAnswer;
      expect(response).toMatchObject({ uid: body.request.uid, allowed: true });
      expect(response.patch).toBeUndefined();
      expect(response.warnings).toEqual([expect.stringContaining('image lookup failed')]);
      expect(JSON.stringify(response)).not.toContain('disk I/O');
    } finally {
      store.get = get;
    }
  });
});
