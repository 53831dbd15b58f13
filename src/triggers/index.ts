/** The trigger model (pure): parsing, resolution, the fire decision and `set triggers`. */
export {
  parseTriggersAnnotation,
  formatTriggersAnnotation,
  type ParseTriggersOptions,
} from './annotation.js';
export { parseDockerTriggerLabels, fromFollowLabel, type DockerTriggerResult } from './docker-labels.js';
export { resolveTrigger, digestOf, type ImageStreamView, type ResolvedImage } from './resolve.js';
export {
  decideTrigger,
  nextTriggerState,
  acknowledgeUpToDate,
  SkipReason,
  MAX_REJECTED,
  type TriggerDecision,
  type TriggerState,
  type TargetView,
} from './decide.js';
export { setTriggers, type SetTriggersOptions, type SetTriggersResult } from './set-triggers.js';
export {
  parseFieldPath,
  fieldPathForContainer,
  POD_SPEC_PREFIX,
  type ContainerFieldPath,
} from './field-path.js';
export { DockerLabels, DEFAULT_DOCKER_NAMESPACE } from './labels.js';
export {
  TRIGGERS_ANNOTATION,
  parseStreamTag,
  formatTagRef,
  type Trigger,
  type TriggerWarning,
  type ParsedTriggers,
  type ImageStreamTagRef,
} from './trigger.js';
export {
  RolloutResult,
  StepAction,
  type RolloutRecord,
  type RolloutRecorder,
  type RolloutStep,
} from './rollout-record.js';
