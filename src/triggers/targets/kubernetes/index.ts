/** The Kubernetes target: follow `image.openshift.io/triggers` on workloads and patch their images. */
export {
  startKubernetesTarget,
  type KubernetesTarget,
  type KubernetesTargetOptions,
  type ImageStreamLike,
} from './target.js';
export {
  WorkloadKind,
  KINDS,
  ALL_KINDS,
  refKey,
  parseRefKey,
  type KindInfo,
  type WorkloadRef,
} from './kinds.js';
export { loadKubeConfig, FIELD_MANAGER, type KubeConfigOptions } from './client.js';
export { LAST_TRIGGERED_ANNOTATION, parseLastTriggered, formatLastTriggered } from './last-triggered.js';
export { planObject, buildPatch, type ObjectPlan, type ImageUpdate, type SkippedTrigger } from './plan.js';
export { locateContainer, podSpecOf, type ContainerSlot } from './containers.js';
export type { TriggeredObject } from './tracked.js';
