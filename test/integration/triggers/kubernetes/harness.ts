/** Starts the fake API server and a Kubernetes target against it, with a stream map and recorders. */
import { AppsV1Api, BatchV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import {
  startKubernetesTarget,
  type KubernetesTarget,
  type KubernetesTargetOptions,
  type WorkloadRef,
} from '../../../../src/triggers/targets/kubernetes/index.js';
import type { ImageStream } from '../../../../src/api/types.js';
import type { RolloutRecord, TriggerWarning } from '../../../../src/triggers/index.js';
import { startKubeApiServer, type FakeKubeApiServer } from '../../../support/kube-apiserver/index.js';

export interface Harness {
  server: FakeKubeApiServer;
  target: KubernetesTarget;
  /** Stops the target and starts a new one against the same server (a server restart). */
  restartTarget(): Promise<void>;
  apps: AppsV1Api;
  batch: BatchV1Api;
  core: CoreV1Api;
  streams: Map<string, ImageStream>;
  /** Finished Rollout records. */
  records: RolloutRecord[];
  /** Records of rollouts as they start (result undefined): the patches the target now follows. */
  running: RolloutRecord[];
  warnings: Array<{ object: WorkloadRef; warnings: readonly TriggerWarning[] }>;
  /** Moves a stream and tells the target, as the coordinator does. */
  setStream(stream: ImageStream): Promise<void>;
  /** PATCH requests the target sent (it identifies itself with fieldManager=imagestreams). */
  targetPatches(): Array<{ path: string; status: number }>;
  close(): Promise<void>;
}

export async function startHarness(
  opts: Partial<KubernetesTargetOptions> = {},
  streams: ImageStream[] = [],
): Promise<Harness> {
  const server = await startKubeApiServer({ bookmarkIntervalMs: 200 });
  const kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfigPath);
  const map = new Map<string, ImageStream>();
  for (const s of streams) map.set(`${s.metadata?.namespace}/${s.metadata?.name}`, s);
  const records: RolloutRecord[] = [];
  const running: RolloutRecord[] = [];
  const warnings: Harness['warnings'] = [];
  const start = () =>
    startKubernetesTarget({
      kubeconfigPath: server.kubeconfigPath,
      getImageStream: async (ns, name) => map.get(`${ns}/${name}`),
      recorder: {
        progress: (r) => void running.push(structuredClone(r)),
        finished: (r) => void records.push(structuredClone(r)),
      },
      onWarning: (object, w) => void warnings.push({ object, warnings: w }),
      restartDelayMs: 50,
      ...opts,
    });
  const h: Harness = {
    server,
    target: await start(),
    async restartTarget() {
      await h.target.stop();
      h.target = await start();
    },
    apps: kc.makeApiClient(AppsV1Api),
    batch: kc.makeApiClient(BatchV1Api),
    core: kc.makeApiClient(CoreV1Api),
    streams: map,
    records,
    running,
    warnings,
    async setStream(stream) {
      map.set(`${stream.metadata.namespace}/${stream.metadata.name}`, stream);
      await h.target.onImageStreamChanged(stream);
    },
    targetPatches: () =>
      server.requests
        .filter((r) => r.method === 'PATCH' && r.query.fieldManager === 'imagestreams')
        .map((r) => ({ path: r.path, status: r.status })),
    async close() {
      await h.target.stop();
      await server.close();
    },
  };
  return h;
}

/** Lets the informers deliver what the server has sent, then waits for reconciles to finish. */
export async function settle(h: Harness): Promise<void> {
  await new Promise((r) => setTimeout(r, 150));
  await h.target.idle();
}

/** Waits until the target has seen the object (its informer delivered it). */
export async function seen(
  h: Harness,
  kind: WorkloadRef['kind'],
  namespace: string,
  name: string,
): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!h.target.describe({ kind, namespace, name })) {
    if (Date.now() > deadline) throw new Error(`the target never saw ${kind} ${namespace}/${name}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await h.target.idle();
}
