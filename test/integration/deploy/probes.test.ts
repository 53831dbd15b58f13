/**
 * The Deployment's probe paths are answered 200 by a real `isctl serve` server without
 * credentials, while the same server, started as the pod starts it (--aggregated behind the
 * in-test Kubernetes API server, over TLS), refuses anonymous API requests: the kubelet, which
 * sends no credentials, can probe it. There is no kube-apiserver here (docs/kubernetes.md).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Deployment } from '@kubernetes/client-node';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { findObject, loadManifests } from '../../support/deploy-manifests.js';
import { serveSettingsOf } from '../../support/install-checks.js';
import { startKubeApiServer, type FakeKubeApiServer } from '../../support/kube-apiserver/index.js';
import { issueCert, makeCa } from '../../support/pki.js';

const deployment = findObject(loadManifests(), 'Deployment', 'imagestreams') as V1Deployment;
const container = deployment.spec!.template.spec!.containers[0]!;
const probes = [container.readinessProbe, container.livenessProbe, container.startupProbe].map(
  (p) => p?.httpGet?.path,
);

describe('the shipped probes against a real server', () => {
  let api: TestApiServer;
  let kube: FakeKubeApiServer;
  let dir: string;
  let agent: Agent;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imagestreams-probes-'));
    const ca = makeCa(dir, 'serving-ca');
    const serving = issueCert(dir, ca, 'serving', { commonName: 'imagestreams', server: true });
    agent = new Agent({ connect: { ca: ca.certPem } });
    kube = await startKubeApiServer();
    const settings = serveSettingsOf(deployment);
    expect(settings).toMatchObject({ aggregated: true });
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
    await agent?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an anonymous API request', async () => {
    const res = await fetch(`${api.url}/apis/image.openshift.io/v1/imagestreams`, { dispatcher: agent });
    expect(res.status).toBe(401);
  });

  it.each(probes.map((p) => [String(p)]))('answers %s 200 without credentials', async (path) => {
    expect(path).toMatch(/^\/(readyz|livez)$/);
    const res = await fetch(`${api.url}${path}`, { dispatcher: agent });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });
});
