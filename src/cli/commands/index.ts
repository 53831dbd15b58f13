/**
 * Every isctl command, one file each, registered from this one list. A new command is a file in
 * this folder exporting `register…(program)` and one line here.
 */
import type { Command } from 'commander';
import { registerApply } from './apply.js';
import { registerBackup } from './backup.js';
import { registerCreate } from './create.js';
import { registerDelete } from './delete.js';
import { registerDescribe } from './describe.js';
import { registerGet } from './get.js';
import { registerImportImage } from './import-image.js';
import { registerKubeconfig } from './kubeconfig.js';
import { registerMigrate } from './migrate.js';
import { registerPrune } from './prune.js';
import { registerRestore } from './restore.js';
import { registerServe } from './serve.js';
import { registerSetTriggers } from './set-triggers.js';
import { registerTag } from './tag.js';
import { registerCancelBuild } from './cancel-build.js';
import { registerLogs } from './logs.js';
import { registerStartBuild } from './start-build.js';
import { registerNewBuild } from './new-build.js';
import { registerApproveRollout } from './approve-rollout.js';
import { registerRollout } from './rollout.js';

export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  registerServe,
  registerKubeconfig,
  registerGet,
  registerDescribe,
  registerApply,
  registerCreate,
  registerDelete,
  // the importer's commands (issue 3)
  registerImportImage,
  registerTag,
  registerPrune,
  // several replicas (issue 6)
  registerMigrate,
  // triggers (issue 5)
  registerSetTriggers,
  // rollout gates (issue 13)
  registerApproveRollout,
  // pausing a trigger (issue 14)
  registerRollout,
  // the SQLite file (issue 9)
  registerBackup,
  registerRestore,
  // builds (issue 11)
  registerStartBuild,
  registerCancelBuild,
  registerLogs,
  registerNewBuild,
];
