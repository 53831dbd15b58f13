/** The trigger model (pure): parsing, resolution, the fire decision and `set triggers`. */
export { parseTriggersAnnotation } from './annotation.js';
export { parseDockerTriggerLabels } from './docker-labels.js';
export { setTriggers, type SetTriggersOptions } from './set-triggers.js';
export { DockerLabels } from './labels.js';
export { TRIGGERS_ANNOTATION, type Trigger, type TriggerWarning } from './trigger.js';
export { type RolloutRecord } from './rollout-record.js';
