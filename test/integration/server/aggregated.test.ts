/**
 * `isctl serve --aggregated` behind kube-apiserver, against the in-test Kubernetes API server
 * (there is no kube-apiserver here): the front proxy's client certificate and headers, plain
 * client certificates, TokenReview and SubjectAccessReview through @kubernetes/client-node, the
 * extension-apiserver-authentication ConfigMap, the review caches and the serving certificate
 * reloaded from its files.
 */
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import {
  startKubeApiServer,
  type AccessReviewSpec,
  type FakeKubeApiServer,
} from '../../support/kube-apiserver/index.js';
import { issueCert, makeCa, type Pem } from '../../support/pki.js';
import { until } from '../../support/until.js';

let dir: string;
let kube: FakeKubeApiServer;
let api: TestApiServer;
let servingCa: Pem;
let serving: { certPath: string; keyPath: string };
const agents: Record<string, Agent> = {};

/** alice and carol may list, get and create image streams in team-a; everyone may read discovery */
function policy(spec: AccessReviewSpec): { allowed: boolean; reason?: string } {
  if (spec.nonResourceAttributes)
    return {
      allowed:
        (spec.nonResourceAttributes.path ?? '').startsWith('/apis') &&
        spec.nonResourceAttributes.verb === 'get',
    };
  const r = spec.resourceAttributes ?? {};
  const ok =
    ['alice', 'carol'].includes(spec.user ?? '') &&
    r.namespace === 'team-a' &&
    r.group === 'image.openshift.io' &&
    r.resource === 'imagestreams' &&
    !r.subresource &&
    ['get', 'list', 'create'].includes(r.verb ?? '');
  return ok ? { allowed: true } : { allowed: false, reason: 'no RBAC policy matched' };
}

function agentWith(client?: Pem): Agent {
  return new Agent({
    connect: { ca: servingCa.certPem, ...(client ? { cert: client.certPem, key: client.keyPem } : {}) },
  });
}

async function call(
  agent: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: { message?: string; kind?: string; reason?: string } }> {
  const res = await fetch(`${api.url}${path}`, {
    dispatcher: agents[agent],
    method: init.method ?? 'GET',
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as { message?: string } };
}

const STREAMS = '/apis/image.openshift.io/v1/namespaces/team-a/imagestreams';
const asAlice = {
  'X-Remote-User': 'alice',
  'X-Remote-Uid': 'uid-alice',
  'X-Remote-Group': 'devs',
  'X-Remote-Extra-Scopes': 'user:full',
  'X-Remote-Extra-Acme.com%2Fteam': 'a',
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagestreams-aggregated-'));
  const frontProxyCa = makeCa(dir, 'front-proxy-ca');
  const clientCa = makeCa(dir, 'client-ca');
  const otherCa = makeCa(dir, 'other-ca');
  servingCa = makeCa(dir, 'serving-ca');
  const first = issueCert(dir, servingCa, 'serving-1', { commonName: 'imagestreams-1', server: true });
  serving = { certPath: join(dir, 'tls.crt'), keyPath: join(dir, 'tls.key') };
  await copyFile(first.certPath, serving.certPath);
  await copyFile(first.keyPath, serving.keyPath);
  kube = await startKubeApiServer();
  kube.delegation.authenticationConfigMap = {
    'requestheader-client-ca-file': frontProxyCa.certPem,
    'requestheader-allowed-names': '["front-proxy-client"]',
    'requestheader-username-headers': '["X-Remote-User"]',
    'requestheader-group-headers': '["X-Remote-Group"]',
    'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
    'client-ca-file': clientCa.certPem,
  };
  kube.delegation.policy = policy;
  kube.delegation.tokens.set('alice-token', { username: 'alice', uid: 'u-1', groups: ['devs'] });
  agents.proxy = agentWith(issueCert(dir, frontProxyCa, 'proxy', { commonName: 'front-proxy-client' }));
  agents.intruder = agentWith(issueCert(dir, frontProxyCa, 'intruder', { commonName: 'not-the-proxy' }));
  agents.forged = agentWith(issueCert(dir, otherCa, 'forged', { commonName: 'front-proxy-client' }));
  agents.carol = agentWith(
    issueCert(dir, clientCa, 'carol', { commonName: 'carol', organizations: ['devs'] }),
  );
  agents.none = agentWith();
  api = await startTestApiServer({
    aggregated: true,
    kubeconfig: kube.kubeconfigPath,
    tlsCertFile: serving.certPath,
    tlsKeyFile: serving.keyPath,
  });
});

afterAll(async () => {
  await api?.close();
  await kube?.close();
  for (const a of Object.values(agents)) await a.close();
  await rm(dir, { recursive: true, force: true });
});

describe('authentication behind kube-apiserver', () => {
  it('takes the user (name, uid, groups, extra) from the headers of the front proxy, its certificate checked, into the SubjectAccessReview', async () => {
    const r = await call('proxy', STREAMS, { headers: asAlice });
    expect(r.status).toBe(200);
    const review = kube.delegation.accessReviews.find(
      (a) => a.spec.user === 'alice' && a.spec.resourceAttributes?.verb === 'list',
    );
    expect(review?.spec).toEqual({
      user: 'alice',
      uid: 'uid-alice',
      groups: ['devs', 'system:authenticated'],
      extra: { scopes: ['user:full'], 'acme.com/team': ['a'] },
      resourceAttributes: {
        verb: 'list',
        group: 'image.openshift.io',
        version: 'v1',
        resource: 'imagestreams',
        namespace: 'team-a',
      },
    });
  });

  it('refuses the headers without a client certificate, with one from another CA, or with a CN not allowed (401)', async () => {
    for (const agent of ['none', 'forged', 'intruder']) {
      const r = await call(agent, STREAMS, { headers: asAlice });
      expect({ agent, status: r.status, kind: r.body.kind, reason: r.body.reason }).toEqual({
        agent,
        status: 401,
        kind: 'Status',
        reason: 'Unauthorized',
      });
    }
  });

  it('authenticates a plain client certificate of the client CA (CN user, O groups)', async () => {
    const r = await call('carol', STREAMS);
    expect(r.status).toBe(200);
    expect(
      kube.delegation.accessReviews.some((a) => a.spec.user === 'carol' && a.spec.groups?.includes('devs')),
    ).toBe(true);
  });

  it('accepts a bearer token the cluster vouches for and refuses one it does not', async () => {
    const ok = await call('none', STREAMS, { headers: { authorization: 'Bearer alice-token' } });
    expect(ok.status).toBe(200);
    const refused = await call('none', STREAMS, { headers: { authorization: 'Bearer stolen-token' } });
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).not.toContain('stolen-token');
    expect(kube.delegation.tokenReviews.map((t) => [t.token, t.authenticated])).toEqual(
      expect.arrayContaining([
        ['alice-token', true],
        ['stolen-token', false],
      ]),
    );
  });
});

describe('authorization by SubjectAccessReview', () => {
  it('answers 403 naming the user, verb, resource and namespace the cluster denied', async () => {
    const r = await call('proxy', '/apis/image.openshift.io/v1/namespaces/team-b/imagestreams', {
      method: 'POST',
      headers: asAlice,
      body: { apiVersion: 'image.openshift.io/v1', kind: 'ImageStream', metadata: { name: 'app' } },
    });
    expect(r.status).toBe(403);
    expect(r.body.message).toBe(
      'imagestreams.image.openshift.io is forbidden: User "alice" cannot create resource "imagestreams" in API group "image.openshift.io" in the namespace "team-b": no RBAC policy matched',
    );
  });

  it('asks the cluster about a tag source in another namespace (imagestreams/layers)', async () => {
    const r = await call('proxy', STREAMS, {
      method: 'POST',
      headers: asAlice,
      body: {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'copy' },
        spec: {
          tags: [{ name: 'v1', from: { kind: 'ImageStreamTag', namespace: 'team-b', name: 'secret:v1' } }],
        },
      },
    });
    expect(r.status).toBe(403);
    expect(r.body.message).toContain('User "alice" cannot get resource "imagestreams/layers"');
    expect(
      kube.delegation.accessReviews.some(
        (a) =>
          a.spec.resourceAttributes?.subresource === 'layers' &&
          a.spec.resourceAttributes.namespace === 'team-b',
      ),
    ).toBe(true);
  });

  it('authorizes discovery by path, and never asks about health or OpenAPI', async () => {
    const before = kube.delegation.accessReviews.length;
    expect((await call('proxy', '/apis/image.openshift.io/v1', { headers: asAlice })).status).toBe(200);
    expect(kube.delegation.accessReviews.slice(before).map((a) => a.spec.nonResourceAttributes)).toEqual([
      { path: '/apis/image.openshift.io/v1', verb: 'get' },
    ]);
    expect((await call('proxy', '/metrics', { headers: asAlice })).status).toBe(403);
    const mid = kube.delegation.accessReviews.length;
    expect((await fetch(`${api.url}/healthz`, { dispatcher: agents.none })).status).toBe(200);
    expect((await call('proxy', '/openapi/v2', { headers: asAlice })).status).toBe(200);
    expect(kube.delegation.accessReviews.length).toBe(mid);
  });

  it('lets system:masters through without a review', async () => {
    const before = kube.delegation.accessReviews.length;
    const r = await call('proxy', '/apis/image.openshift.io/v1/images', {
      headers: { 'X-Remote-User': 'root', 'X-Remote-Group': 'system:masters' },
    });
    expect(r.status).toBe(200);
    expect(kube.delegation.accessReviews.length).toBe(before);
  });
});

describe('caches', () => {
  it('reviews a token and an access once for a burst of requests', async () => {
    kube.delegation.tokens.set('burst-token', { username: 'alice' });
    const tokenReviews = () => kube.delegation.tokenReviews.filter((t) => t.token === 'burst-token').length;
    const accessReviews = () =>
      kube.delegation.accessReviews.filter(
        (a) =>
          a.spec.user === 'alice' &&
          a.spec.resourceAttributes?.verb === 'get' &&
          a.spec.resourceAttributes.name === 'burst',
      ).length;
    for (let i = 0; i < 5; i++) {
      const r = await call('none', `${STREAMS}/burst`, { headers: { authorization: 'Bearer burst-token' } });
      expect(r.status).toBe(404);
    }
    expect(tokenReviews()).toBe(1);
    expect(accessReviews()).toBe(1);
  });
});

describe('the serving certificate', () => {
  function servedCertificate(): Promise<string> {
    const port = Number(new URL(api.url).port);
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port, ca: servingCa.certPem, servername: 'localhost' }, () => {
        const cert = s.getPeerX509Certificate();
        s.end();
        resolve(cert?.subject ?? '');
      });
      s.on('error', reject);
    });
  }

  it('is reloaded when its files change', async () => {
    expect(await servedCertificate()).toBe('CN=imagestreams-1');
    const next = issueCert(dir, servingCa, 'serving-2', { commonName: 'imagestreams-2', server: true });
    await copyFile(next.keyPath, serving.keyPath);
    await copyFile(next.certPath, serving.certPath);
    expect(
      await until(
        'the new certificate served',
        async () => (await servedCertificate()) === 'CN=imagestreams-2' || undefined,
        10_000,
      ),
    ).toBe(true);
    expect(new X509Certificate(next.certPem).subject).toBe('CN=imagestreams-2');
    // and requests still authenticate with the client CAs
    expect((await call('carol', STREAMS)).status).toBe(200);
  });
});
