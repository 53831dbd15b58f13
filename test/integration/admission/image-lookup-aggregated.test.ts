/**
 * The image-lookup webhook behind kube-apiserver (`--aggregated`). kube-apiserver calls webhooks
 * directly, not through its front proxy, and by default presents no credentials: such a caller
 * is served (TLS only), as Kubernetes webhook servers serve it; with `--admission-client-ca-file`
 * only a client certificate of that CA is (src/server/auth/admission-callers.ts). Credentials a
 * caller does send are checked as on any path. There is no kube-apiserver here: the cluster is the
 * in-test Kubernetes API server, and the calls come from fetch with the certificates kube-apiserver
 * would present.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageLookupAdmissionExtension } from '../../../src/admission/serve-extension.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { startKubeApiServer, type FakeKubeApiServer } from '../../support/kube-apiserver/index.js';
import { issueCert, makeCa, type Pem } from '../../support/pki.js';
import {
  D1,
  KINDS,
  admissionReview,
  createStreams,
  patched,
  podSpec,
  workload,
  type ReviewAnswer,
} from './fixtures.js';

const PATH = '/admission/image-lookup';
let dir: string;
let kube: FakeKubeApiServer;
let tlsOnly: TestApiServer;
let withCa: TestApiServer;
let servingCa: Pem;
const agents: Record<string, Agent> = {};

function agentWith(client?: Pem): Agent {
  return new Agent({
    connect: { ca: servingCa.certPem, ...(client ? { cert: client.certPem, key: client.keyPem } : {}) },
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'admission-aggregated-'));
  servingCa = makeCa(dir, 'serving-ca');
  const serving = issueCert(dir, servingCa, 'serving', { commonName: 'imagestreams', server: true });
  const webhookCa = makeCa(dir, 'webhook-client-ca');
  const otherCa = makeCa(dir, 'other-ca');
  agents.kubeApiserver = agentWith(issueCert(dir, webhookCa, 'kas', { commonName: 'kube-apiserver' }));
  agents.other = agentWith(issueCert(dir, otherCa, 'other', { commonName: 'kube-apiserver' }));
  agents.none = agentWith();
  kube = await startKubeApiServer();
  kube.delegation.tokens.set('bob-token', { username: 'bob' });
  const common = {
    aggregated: true,
    kubeconfig: kube.kubeconfigPath,
    tlsCertFile: serving.certPath,
    tlsKeyFile: serving.keyPath,
    extensions: [imageLookupAdmissionExtension()],
  };
  tlsOnly = await startTestApiServer(common);
  withCa = await startTestApiServer({ ...common, admissionClientCaFile: webhookCa.certPath });
  await createStreams(tlsOnly.server.store);
  await createStreams(withCa.server.store);
}, 60_000);

afterAll(async () => {
  await tlsOnly?.close();
  await withCa?.close();
  await kube?.close();
  for (const a of Object.values(agents)) await a.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const pod = () => workload(KINDS.Pod!, podSpec({ containers: ['ruby:3.3'] }));

async function review(
  api: TestApiServer,
  agent: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: ReviewAnswer & { reason?: string } }> {
  const res = await fetch(`${api.url}${PATH}`, {
    dispatcher: agents[agent],
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(admissionReview(KINDS.Pod!, pod())),
  });
  return { status: res.status, body: (await res.json()) as ReviewAnswer & { reason?: string } };
}

const resolved = (answer: ReviewAnswer) =>
  (patched(pod(), answer) as { spec: { containers: { image: string }[] } }).spec.containers[0]!.image;

describe('without --admission-client-ca-file (TLS only)', () => {
  it('serves kube-apiserver presenting no credentials, reading the namespace without a review', async () => {
    const before = kube.delegation.accessReviews.length;
    const r = await review(tlsOnly, 'none');
    expect(r.status).toBe(200);
    expect(resolved(r.body)).toBe(`quay.io/lib/ruby@${D1}`);
    expect(kube.delegation.accessReviews.length).toBe(before);
  });

  it('still checks credentials a caller sends: a refused token is 401', async () => {
    const r = await review(tlsOnly, 'none', { authorization: 'Bearer stolen-token' });
    expect({ status: r.status, reason: r.body.reason }).toEqual({ status: 401, reason: 'Unauthorized' });
  });

  it('opens nothing else: the API without credentials is still 401', async () => {
    const res = await fetch(`${tlsOnly.url}/apis/image.openshift.io/v1/namespaces/team/imagestreams`, {
      dispatcher: agents.none,
    });
    expect(res.status).toBe(401);
    const get = await fetch(`${tlsOnly.url}${PATH}`, { dispatcher: agents.none });
    expect(get.status).toBe(401);
  });

  it("a token's user gets a patch only where the cluster lets it read image streams", async () => {
    kube.delegation.policy = (spec) => ({
      allowed: spec.user === 'bob' && spec.resourceAttributes?.namespace === 'team',
    });
    const r = await review(tlsOnly, 'none', { authorization: 'Bearer bob-token' });
    expect(r.status).toBe(200);
    expect(resolved(r.body)).toBe(`quay.io/lib/ruby@${D1}`);
    kube.delegation.policy = () => ({ allowed: false, reason: 'no RBAC policy matched' });
  });
});

describe('with --admission-client-ca-file', () => {
  it("serves kube-apiserver's client certificate of that CA", async () => {
    const r = await review(withCa, 'kubeApiserver');
    expect(r.status).toBe(200);
    expect(resolved(r.body)).toBe(`quay.io/lib/ruby@${D1}`);
  });

  it('refuses a caller without credentials, or with a certificate of another CA (401)', async () => {
    for (const agent of ['none', 'other']) {
      const r = await review(withCa, agent);
      expect({ agent, status: r.status }).toEqual({ agent, status: 401 });
    }
  });
});
