/** The Kubernetes target: follow `image.openshift.io/triggers` on workloads and patch their images. */
export { startKubernetesTarget, type KubernetesTarget, type KubernetesTargetOptions } from './target.js';
export { WorkloadKind, KINDS, type WorkloadRef } from './kinds.js';
export { loadKubeConfig } from './client.js';
export { LAST_TRIGGERED_ANNOTATION, parseLastTriggered, formatLastTriggered } from './last-triggered.js';
export { planObject, buildPatch } from './plan.js';
export { locateContainer } from './containers.js';
