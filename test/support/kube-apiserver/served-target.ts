/**
 * `isctl serve` in process with its Kubernetes target following the in-test kube-apiserver (and
 * the Docker target's extension disabled: it serves the Rollout and TriggerState resources; no
 * engine here), plus an apps/v1 client of that kube-apiserver.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppsV1Api, KubeConfig } from '@kubernetes/client-node';
import { startServer, type RunningServer, type ServerOptions } from '../../../src/server/serve.js';
import { dockerTargetExtension } from '../../../src/triggers/controller/serve-extension.js';
import { kubernetesExtensionFromSettings } from '../../../src/triggers/targets/kubernetes/serve-extension.js';
import { startKubeApiServer, type FakeKubeApiServer } from './index.js';

export interface ServedKubeTarget {
  kube: FakeKubeApiServer;
  server: RunningServer;
  apps: AppsV1Api;
  close(): Promise<void>;
}

export async function startServedKubeTarget(
  options: Pick<ServerOptions, 'dockerImageRepositoryHost'> = {},
): Promise<ServedKubeTarget> {
  const kube = await startKubeApiServer();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'is-kube-target-'));
  const extension = await kubernetesExtensionFromSettings({ kubeconfig: kube.kubeconfigPath });
  const server = await startServer({
    ...options,
    listen: '127.0.0.1:0',
    dataDir: dir,
    extensions: [...(extension ? [extension] : []), dockerTargetExtension({ disabled: true })],
  });
  const kc = new KubeConfig();
  kc.loadFromFile(kube.kubeconfigPath);
  return {
    kube,
    server,
    apps: kc.makeApiClient(AppsV1Api),
    async close() {
      await server.close();
      await kube.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
