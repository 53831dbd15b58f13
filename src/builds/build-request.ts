/**
 * The `BuildRequest` a user's "start build" sends to `buildconfigs/NAME/instantiate` (or
 * `builds/NAME/clone`), as `oc start-build` does: cause `Manually triggered`, the env overrides if
 * any. `isctl start-build` and the console's "Start build" both send it. Pure: the console bundles it.
 */
export interface ManualBuildRequest {
  apiVersion: 'build.openshift.io/v1';
  kind: 'BuildRequest';
  metadata: { name: string };
  triggeredBy: { message: string }[];
  env?: { name: string; value: string }[];
}

const MANUAL_CAUSE = 'Manually triggered';

export function manualBuildRequest(
  name: string,
  env: readonly { name: string; value: string }[] = [],
): ManualBuildRequest {
  return {
    apiVersion: 'build.openshift.io/v1',
    kind: 'BuildRequest',
    metadata: { name },
    triggeredBy: [{ message: MANUAL_CAUSE }],
    ...(env.length > 0 ? { env: [...env] } : {}),
  };
}

/** What `isctl start-build` prints: `build.build.openshift.io/NAME-N started`. */
export function buildStartedMessage(build: string): string {
  return `build.build.openshift.io/${build} started`;
}
