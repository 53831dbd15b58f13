/** A build step's failure: the Build ends `Failed` with OpenShift's reason; the detail goes to the log only. */
import type { BuildLogWriter } from '../build-log.js';
import { BUILD_REASON_MESSAGES, type BuildReason } from '../constants.js';

export class BuildFailure extends Error {
  readonly reason: BuildReason;
  constructor(reason: BuildReason, message: string = BUILD_REASON_MESSAGES[reason]) {
    super(message);
    this.reason = reason;
  }
}

/** runs one step; any error but a BuildFailure is logged and becomes one with `reason` */
export async function step<T>(reason: BuildReason, log: BuildLogWriter, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof BuildFailure) throw e;
    log.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    throw new BuildFailure(reason);
  }
}
