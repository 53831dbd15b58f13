/** Scheduled import: periodic re-checks of `importPolicy.scheduled` tags. */
export {
  startScheduledImportController,
  type ScheduledImportController,
} from './scheduled-import-controller.js';
export { resolveSettings, type ScheduleSettings } from './schedule-options.js';
export { memoryCheckpoints, type CheckpointStore } from './checkpoint.js';
export { followLeader } from './leader-gate.js';
