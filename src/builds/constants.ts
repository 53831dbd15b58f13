/** Names of build.openshift.io/v1 as OpenShift spells them: kinds, labels, phases, reasons, causes. */

export const BUILD_API_GROUP = 'build.openshift.io';
export const BUILD_API_VERSION = 'build.openshift.io/v1';
export const BUILD_CONFIG_KIND = 'BuildConfig';
export const BUILD_KIND = 'Build';
export const BUILD_REQUEST_KIND = 'BuildRequest';

/** label and annotation on a Build naming its BuildConfig, and its number */
export const BUILD_CONFIG_LABEL = 'openshift.io/build-config.name';
export const BUILD_NUMBER_ANNOTATION = 'openshift.io/build.number';
/** the deprecated label OpenShift still sets alongside (oc selects on both) */
export const BUILD_CONFIG_LABEL_DEPRECATED = 'buildconfig';

export const BuildPhase = {
  New: 'New',
  Pending: 'Pending',
  Running: 'Running',
  Complete: 'Complete',
  Failed: 'Failed',
  Error: 'Error',
  Cancelled: 'Cancelled',
} as const;
export type BuildPhase = (typeof BuildPhase)[keyof typeof BuildPhase];

const TERMINAL_PHASES: readonly string[] = [
  BuildPhase.Complete,
  BuildPhase.Failed,
  BuildPhase.Error,
  BuildPhase.Cancelled,
];

export function isTerminal(phase: string | undefined): boolean {
  return phase !== undefined && TERMINAL_PHASES.includes(phase);
}

/** status.reason values (openshift/api build/v1 StatusReason*) and their messages */
export const BuildReason = {
  CancelledBuild: 'CancelledBuild',
  DockerBuildFailed: 'DockerBuildFailed',
  PushImageToRegistryFailed: 'PushImageToRegistryFailed',
  PullBuilderImageFailed: 'PullBuilderImageFailed',
  FetchSourceFailed: 'FetchSourceFailed',
  InvalidOutputReference: 'InvalidOutputReference',
  InvalidImageReference: 'InvalidImageReference',
  GenericBuildFailed: 'GenericBuildFailed',
  BuildPodDeleted: 'BuildPodDeleted',
  ExceededRetryTimeout: 'ExceededRetryTimeout',
  DeadlineExceeded: 'DeadlineExceeded',
  MissingPushSecret: 'MissingPushSecret',
  // the s2i tool's step failure reasons (source-to-image pkg/util/status), as OpenShift reports them
  AssembleFailed: 'AssembleFailed',
  InstallScriptsFailed: 'InstallScriptsFailed',
  GenericS2IBuildFailed: 'GenericS2IBuildFailed',
} as const;
export type BuildReason = (typeof BuildReason)[keyof typeof BuildReason];

export const BUILD_REASON_MESSAGES: Record<BuildReason, string> = {
  CancelledBuild: 'The build was cancelled by the user.',
  DockerBuildFailed: 'Docker build strategy has failed.',
  PushImageToRegistryFailed: 'Failed to push the image to the registry.',
  PullBuilderImageFailed: 'Failed pulling builder image.',
  FetchSourceFailed: 'Failed to fetch the input source.',
  InvalidOutputReference: 'Output image could not be resolved.',
  InvalidImageReference: 'Referenced image could not be resolved.',
  GenericBuildFailed: 'Generic Build failure - check logs for details.',
  // the executor's process vanished (a leader died mid-build): OpenShift's "build pod was deleted"
  BuildPodDeleted: 'The pod for this build was deleted before the build completed.',
  ExceededRetryTimeout: 'Build did not complete and retrying timed out.',
  // the build pod's reason when activeDeadlineSeconds (completionDeadlineSeconds) passes
  DeadlineExceeded: 'The build ran longer than its completionDeadlineSeconds.',
  MissingPushSecret: 'Missing push secret.',
  AssembleFailed: 'Assemble script failed',
  InstallScriptsFailed: 'Failed to install specified scripts',
  GenericS2IBuildFailed: 'Generic S2I Build failure - check S2I logs for details',
};

/** spec.triggeredBy[].message (openshift/api build/v1 BuildTriggerCause*Msg) */
export const BuildCauseMessage = {
  Manual: 'Manually triggered',
  ConfigChange: 'Build configuration change',
  ImageChange: 'Image change',
  GenericWebHook: 'Generic WebHook',
  GitHubWebHook: 'GitHub WebHook',
  GitLabWebHook: 'GitLab WebHook',
  BitbucketWebHook: 'Bitbucket WebHook',
} as const;

/** what a webhook cause shows instead of the secret (as OpenShift's generateBuildTriggerInfo) */
export const HIDDEN_SECRET = '<secret>';
/** the key of a trigger's secretReference Secret holding the webhook secret */
export const WEBHOOK_SECRET_KEY = 'WebHookSecretKey';

export const RunPolicy = {
  Serial: 'Serial',
  Parallel: 'Parallel',
  SerialLatestOnly: 'SerialLatestOnly',
} as const;
export type RunPolicy = (typeof RunPolicy)[keyof typeof RunPolicy];

export const DEFAULT_HISTORY_LIMIT = 5;
