/** The Docker host target: discovery, rollouts and crash recovery. */
export { connectDocker, pingDocker, DEFAULT_DOCKER_SOCKET, DOCKER_API_VERSION } from './engine.js';
export { discoverFollowers, groupFollowers, type FollowerContainer, type FollowerGroup } from './discover.js';
export { rollOut, type RolloutOptions, type RolloutTarget } from './rollout.js';
export { reconcileInterrupted, RecoveryAction, type Recovery } from './reconcile.js';
export {
  RolloutResult,
  StepAction,
  type RolloutRecord,
  type RolloutRecorder,
  type RolloutStep,
} from '../../rollout-record.js';
export { containerDigest, pullImage, type RegistryAuth } from './inspect.js';
export {
  createReplacement,
  swapIn,
  finishReplacement,
  undoReplacement,
  replaceContainer,
  temporaryName,
} from './replace.js';
export { buildReplacementSpec, type ReplacementSpec } from './clone-config.js';
export { planGroup, groupDigest } from './plan.js';
