/**
 * The Kubernetes API calls the target makes, one small table per kind, through
 * @kubernetes/client-node's typed clients: list (for the informers), read and JSON patch.
 */
import {
  ApiException,
  AppsV1Api,
  BatchV1Api,
  CoreV1Api,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { Operation } from 'fast-json-patch';
import type { WorkloadKind } from './kinds.js';

/** Who wrote the change, in managedFields. */
const FIELD_MANAGER = 'imagestreams';

export interface KindClient {
  /** `namespace` undefined: all namespaces. */
  list(namespace: string | undefined): Promise<KubernetesListObject<KubernetesObject>>;
  read(namespace: string, name: string): Promise<unknown>;
  jsonPatch(namespace: string, name: string, ops: Operation[]): Promise<unknown>;
}

export interface KubeConfigOptions {
  kubeconfigPath?: string;
  inCluster?: boolean;
}

/** A kubeconfig file, the in-cluster service account, or else the default ($KUBECONFIG, ~/.kube/config). */
export function loadKubeConfig(opts: KubeConfigOptions): KubeConfig {
  const kc = new KubeConfig();
  if (!opts.kubeconfigPath && opts.inCluster && !process.env.KUBERNETES_SERVICE_HOST) {
    throw new Error(
      'in-cluster configuration requested, but KUBERNETES_SERVICE_HOST is not set: not running in a pod',
    );
  }
  try {
    if (opts.kubeconfigPath) kc.loadFromFile(opts.kubeconfigPath);
    else if (opts.inCluster) kc.loadFromCluster();
    else kc.loadFromDefault();
  } catch (e) {
    const where =
      opts.kubeconfigPath ?? (opts.inCluster ? 'the in-cluster service account' : 'the default kubeconfig');
    throw new Error(`cannot load the Kubernetes configuration from ${where} (check the --kubeconfig flag)`, {
      cause: e,
    });
  }
  if (!kc.getCurrentCluster())
    throw new Error('the Kubernetes configuration names no current cluster (check its current-context)');
  return kc;
}

const JSON_PATCH = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);

export function kindClients(kc: KubeConfig): Record<WorkloadKind, KindClient> {
  const apps = kc.makeApiClient(AppsV1Api);
  const batch = kc.makeApiClient(BatchV1Api);
  const core = kc.makeApiClient(CoreV1Api);
  const fm = { fieldManager: FIELD_MANAGER };
  return {
    Deployment: {
      list: (ns) =>
        ns ? apps.listNamespacedDeployment({ namespace: ns }) : apps.listDeploymentForAllNamespaces(),
      read: (namespace, name) => apps.readNamespacedDeployment({ namespace, name }),
      jsonPatch: (namespace, name, body) =>
        apps.patchNamespacedDeployment({ namespace, name, body, ...fm }, JSON_PATCH),
    },
    StatefulSet: {
      list: (ns) =>
        ns ? apps.listNamespacedStatefulSet({ namespace: ns }) : apps.listStatefulSetForAllNamespaces(),
      read: (namespace, name) => apps.readNamespacedStatefulSet({ namespace, name }),
      jsonPatch: (namespace, name, body) =>
        apps.patchNamespacedStatefulSet({ namespace, name, body, ...fm }, JSON_PATCH),
    },
    DaemonSet: {
      list: (ns) =>
        ns ? apps.listNamespacedDaemonSet({ namespace: ns }) : apps.listDaemonSetForAllNamespaces(),
      read: (namespace, name) => apps.readNamespacedDaemonSet({ namespace, name }),
      jsonPatch: (namespace, name, body) =>
        apps.patchNamespacedDaemonSet({ namespace, name, body, ...fm }, JSON_PATCH),
    },
    CronJob: {
      list: (ns) =>
        ns ? batch.listNamespacedCronJob({ namespace: ns }) : batch.listCronJobForAllNamespaces(),
      read: (namespace, name) => batch.readNamespacedCronJob({ namespace, name }),
      jsonPatch: (namespace, name, body) =>
        batch.patchNamespacedCronJob({ namespace, name, body, ...fm }, JSON_PATCH),
    },
    Pod: {
      list: (ns) => (ns ? core.listNamespacedPod({ namespace: ns }) : core.listPodForAllNamespaces()),
      read: (namespace, name) => core.readNamespacedPod({ namespace, name }),
      jsonPatch: (namespace, name, body) =>
        core.patchNamespacedPod({ namespace, name, body, ...fm }, JSON_PATCH),
    },
  };
}

/** The HTTP status of a failed API call, when the server answered. */
export function apiStatusCode(e: unknown): number | undefined {
  if (e instanceof ApiException) return e.code;
  const code = (e as { statusCode?: unknown; code?: unknown } | null)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** The `message` of the `Status` the server sent, else the error's own message. */
export function apiErrorMessage(e: unknown): string {
  if (e instanceof ApiException) {
    const body: unknown = typeof e.body === 'string' ? safeJson(e.body) : e.body;
    const msg = (body as { message?: unknown } | null)?.message;
    return typeof msg === 'string' ? `${e.code}: ${msg}` : `HTTP ${e.code}`;
  }
  return e instanceof Error ? e.message : String(e);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
