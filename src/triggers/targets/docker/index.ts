/** The Docker host target: discovery, rollouts and crash recovery. */
export { connectDocker, pingDocker } from './engine.js';
export { discoverFollowers, type FollowerGroup } from './discover.js';
export { rollOut, type RolloutOptions } from './rollout.js';
export { reconcileInterrupted, type Recovery } from './reconcile.js';
export { type RegistryAuth } from './inspect.js';
export { planGroup } from './plan.js';
