/**
 * The Deployment's probe paths are answered 200 by a real `isctl serve` server without
 * credentials, while the same server (with a token file, as in the pod) refuses anonymous API
 * requests: the kubelet, which sends no token, can probe it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { V1Deployment } from '@kubernetes/client-node';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { findObject, loadManifests } from '../../support/deploy-manifests.js';

const deployment = findObject(loadManifests(), 'Deployment', 'imagestreams') as V1Deployment;
const container = deployment.spec!.template.spec!.containers[0]!;
const probes = [container.readinessProbe, container.livenessProbe, container.startupProbe].map(
  (p) => p?.httpGet?.path,
);

describe('the shipped probes against a real server', () => {
  let api: TestApiServer;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imagestreams-probes-'));
    const tokens = join(dir, 'tokens.csv');
    await writeFile(tokens, 'probe-test-token,admin,1,"imagestreams:admin"\n', { mode: 0o600 });
    api = await startTestApiServer({ tokenAuthFile: tokens });
  });
  afterAll(async () => {
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses an anonymous API request', async () => {
    const res = await fetch(`${api.url}/apis/image.openshift.io/v1/imagestreams`);
    expect(res.status).toBe(401);
  });

  it.each(probes.map((p) => [String(p)]))('answers %s 200 without credentials', async (path) => {
    expect(path).toMatch(/^\/(readyz|livez)$/);
    const res = await fetch(`${api.url}${path}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });
});
