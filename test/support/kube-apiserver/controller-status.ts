/**
 * Status objects as the Deployment, StatefulSet and DaemonSet controllers write them, for tests
 * that play the controller on the in-test API server (`server.setStatus(kind, ns, name, fn)`).
 */
import type { KubeObject } from './object-store.js';

const generation = (o: KubeObject) => o.metadata.generation ?? 1;
const specReplicas = (o: KubeObject) => (o.spec as { replicas?: number } | undefined)?.replicas ?? 1;

/** Every replica updated and available: `kubectl rollout status` says "successfully rolled out". */
export function deploymentComplete(o: KubeObject) {
  const n = specReplicas(o);
  return {
    observedGeneration: generation(o),
    replicas: n,
    updatedReplicas: n,
    readyReplicas: n,
    availableReplicas: n,
    conditions: [
      { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
      { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
    ],
  };
}

/** Mid-rollout: the new ReplicaSet has one replica, not yet available; the old ones still run. */
export function deploymentProgressing(o: KubeObject) {
  const n = specReplicas(o);
  return {
    observedGeneration: generation(o),
    replicas: n + 1,
    updatedReplicas: 1,
    availableReplicas: n,
    conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }],
  };
}

/** The new pods never became available within progressDeadlineSeconds. */
export function deploymentDeadlineExceeded(o: KubeObject) {
  return {
    ...deploymentProgressing(o),
    conditions: [
      {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `ReplicaSet "${o.metadata.name}-7d4b9c" has timed out progressing.`,
      },
    ],
  };
}

export function statefulSetComplete(o: KubeObject, revision = `${o.metadata.name}-${generation(o)}`) {
  const n = specReplicas(o);
  return {
    observedGeneration: generation(o),
    replicas: n,
    readyReplicas: n,
    updatedReplicas: n,
    currentReplicas: n,
    currentRevision: revision,
    updateRevision: revision,
  };
}

/** Pods ready but not yet at the new revision. */
export function statefulSetUpdating(o: KubeObject) {
  return { ...statefulSetComplete(o), updatedReplicas: 0, updateRevision: `${o.metadata.name}-next` };
}

export function daemonSetComplete(o: KubeObject, nodes = 3) {
  return {
    observedGeneration: generation(o),
    desiredNumberScheduled: nodes,
    currentNumberScheduled: nodes,
    updatedNumberScheduled: nodes,
    numberAvailable: nodes,
    numberReady: nodes,
  };
}

export function daemonSetUpdating(o: KubeObject, nodes = 3) {
  return { ...daemonSetComplete(o, nodes), updatedNumberScheduled: 1, numberAvailable: nodes - 1 };
}
