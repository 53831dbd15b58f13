import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../../../../src/triggers/targets/kubernetes/index.js';
import { watchPath } from '../../../../src/triggers/targets/kubernetes/informers.js';

describe('Kubernetes configuration and paths', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcfg-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the cluster of a kubeconfig file', async () => {
    const path = join(dir, 'ok');
    await writeFile(
      path,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://10.0.0.1:6443"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n',
    );
    expect(loadKubeConfig({ kubeconfigPath: path }).getCurrentCluster()?.server).toBe(
      'https://10.0.0.1:6443',
    );
  });

  it('names the file it could not load', () => {
    expect(() => loadKubeConfig({ kubeconfigPath: join(dir, 'missing') })).toThrow(
      /cannot load the Kubernetes configuration from .*missing/,
    );
  });

  it('refuses in-cluster configuration outside a pod', () => {
    const saved = process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      expect(() => loadKubeConfig({ inCluster: true })).toThrow(/not running in a pod/);
    } finally {
      if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
    }
  });

  it('watches the core and group API paths, namespaced or cluster-wide', () => {
    expect(watchPath('Pod', 'ns')).toBe('/api/v1/namespaces/ns/pods');
    expect(watchPath('CronJob', undefined)).toBe('/apis/batch/v1/cronjobs');
    expect(watchPath('Deployment', 'a')).toBe('/apis/apps/v1/namespaces/a/deployments');
  });
});
