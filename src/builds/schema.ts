/**
 * build.openshift.io/v1 BuildConfig, Build and BuildRequest: the fields this server uses, with
 * Kubernetes' JSON decoding rules (unknown fields dropped, `null` is "not set"). Field names follow
 * openshift/api build/v1; what is not listed here is not supported (docs/builds.md).
 */
import { z } from 'zod';
import {
  ObjectMetaSchema,
  ObjectReferenceSchema,
  LocalObjectReferenceSchema,
  int,
  opt,
  optEnum,
  str,
} from '../api/schema/common.js';

const EnvVarSchema = z.object({ name: str(), value: opt(z.string()) });
export type EnvVar = z.output<typeof EnvVarSchema>;

const StrategyType = ['Docker', 'Source', 'Custom', 'JenkinsPipeline'] as const;
const SourceType = ['Git', 'Dockerfile', 'Binary', 'Image', 'None'] as const;
const TriggerType = ['GitHub', 'Generic', 'GitLab', 'Bitbucket', 'ImageChange', 'ConfigChange'] as const;

const DockerStrategySchema = z.object({
  from: opt(ObjectReferenceSchema),
  pullSecret: opt(LocalObjectReferenceSchema),
  noCache: opt(z.boolean()),
  env: opt(z.array(EnvVarSchema)),
  forcePull: opt(z.boolean()),
  dockerfilePath: opt(z.string()),
  buildArgs: opt(z.array(EnvVarSchema)),
});
export type DockerStrategy = z.output<typeof DockerStrategySchema>;

/** Source-to-image: the builder image, its env; incremental and scripts are refused (validation) */
const SourceStrategySchema = z.object({
  from: opt(ObjectReferenceSchema),
  pullSecret: opt(LocalObjectReferenceSchema),
  env: opt(z.array(EnvVarSchema)),
  scripts: opt(z.string()),
  incremental: opt(z.boolean()),
  forcePull: opt(z.boolean()),
});
export type SourceStrategy = z.output<typeof SourceStrategySchema>;

/** the strategies other than Docker and Source are read only to say they are not supported */
const OtherStrategySchema = z.object({ from: opt(ObjectReferenceSchema) });

const BuildStrategySchema = z.object({
  type: optEnum(StrategyType),
  dockerStrategy: opt(DockerStrategySchema),
  sourceStrategy: opt(SourceStrategySchema),
  customStrategy: opt(OtherStrategySchema),
  jenkinsPipelineStrategy: opt(z.object({})),
});
export type BuildStrategy = z.output<typeof BuildStrategySchema>;

/** the strategy's builder or base image (Docker's optional `from`, Source's `from`) */
export function strategyFrom(s: BuildStrategy): z.output<typeof ObjectReferenceSchema> | undefined {
  return s.dockerStrategy?.from ?? s.sourceStrategy?.from;
}

/** the field path of the strategy's `from` */
export function strategyFromField(s: BuildStrategy): string {
  return s.sourceStrategy ? 'spec.strategy.sourceStrategy.from' : 'spec.strategy.dockerStrategy.from';
}

const GitSourceSchema = z.object({ uri: str(), ref: opt(z.string()) });

const BuildSourceSchema = z.object({
  type: optEnum(SourceType),
  dockerfile: opt(z.string()),
  git: opt(GitSourceSchema),
  contextDir: opt(z.string()),
  binary: opt(z.object({ asFile: opt(z.string()) })),
  /** Git credentials: username/password (http(s)) or ssh-privatekey (executor/git-auth.ts) */
  sourceSecret: opt(LocalObjectReferenceSchema),
});
export type BuildSource = z.output<typeof BuildSourceSchema>;

const ImageLabelSchema = z.object({ name: str(), value: opt(z.string()) });

const BuildOutputSchema = z.object({
  to: opt(ObjectReferenceSchema),
  pushSecret: opt(LocalObjectReferenceSchema),
  imageLabels: opt(z.array(ImageLabelSchema)),
});
export type BuildOutput = z.output<typeof BuildOutputSchema>;

const SignatureSchema = z.object({ name: opt(z.string()), email: opt(z.string()) });

const RevisionSchema = z.object({
  type: str(),
  git: opt(
    z.object({
      commit: opt(z.string()),
      message: opt(z.string()),
      author: opt(SignatureSchema),
      committer: opt(SignatureSchema),
    }),
  ),
});
export type SourceRevision = z.output<typeof RevisionSchema>;

/** CommonSpec: what a BuildConfig and a Build share */
const commonSpec = {
  serviceAccount: opt(z.string()),
  source: z.preprocess((v) => v ?? {}, BuildSourceSchema),
  revision: opt(RevisionSchema),
  strategy: z.preprocess((v) => v ?? {}, BuildStrategySchema),
  output: z.preprocess((v) => v ?? {}, BuildOutputSchema),
  completionDeadlineSeconds: opt(int()),
};

const ImageChangeCauseSchema = z.object({ imageID: opt(z.string()), fromRef: opt(ObjectReferenceSchema) });

const WebHookCauseSchema = z.object({ revision: opt(RevisionSchema), secret: opt(z.string()) });

const BuildTriggerCauseSchema = z.object({
  message: opt(z.string()),
  imageChangeBuild: opt(ImageChangeCauseSchema),
  genericWebHook: opt(WebHookCauseSchema),
  githubWebHook: opt(WebHookCauseSchema),
  gitlabWebHook: opt(WebHookCauseSchema),
  bitbucketWebHook: opt(WebHookCauseSchema),
});
export type BuildTriggerCause = z.output<typeof BuildTriggerCauseSchema>;

/** a webhook trigger's credential: the secret in the URL must be `secret`, or the Secret's key */
const WebHookTriggerSchema = z.object({
  secret: opt(z.string()),
  secretReference: opt(z.object({ name: str() })),
  allowEnv: opt(z.boolean()),
});
export type WebHookTrigger = z.output<typeof WebHookTriggerSchema>;

const BuildTriggerPolicySchema = z.object({
  type: optEnum(TriggerType),
  generic: opt(WebHookTriggerSchema),
  github: opt(WebHookTriggerSchema),
  gitlab: opt(WebHookTriggerSchema),
  bitbucket: opt(WebHookTriggerSchema),
  imageChange: opt(
    z.object({
      lastTriggeredImageID: opt(z.string()),
      from: opt(ObjectReferenceSchema),
      paused: opt(z.boolean()),
    }),
  ),
});
export type BuildTriggerPolicy = z.output<typeof BuildTriggerPolicySchema>;

const ImageChangeTriggerStatusSchema = z.object({
  lastTriggeredImageID: opt(z.string()),
  from: opt(z.object({ namespace: opt(z.string()), name: str() })),
  lastTriggerTime: opt(z.string()),
});
export type ImageChangeTriggerStatus = z.output<typeof ImageChangeTriggerStatusSchema>;

export const BuildConfigSpecSchema = z.object({
  triggers: opt(z.array(BuildTriggerPolicySchema)),
  runPolicy: optEnum(['Serial', 'Parallel', 'SerialLatestOnly']),
  ...commonSpec,
  successfulBuildsHistoryLimit: opt(int()),
  failedBuildsHistoryLimit: opt(int()),
});
export type BuildConfigSpec = z.output<typeof BuildConfigSpecSchema>;

export const BuildConfigStatusSchema = z.object({
  lastVersion: opt(int()),
  imageChangeTriggers: opt(z.array(ImageChangeTriggerStatusSchema)),
});
export type BuildConfigStatus = z.output<typeof BuildConfigStatusSchema>;

export const BuildConfigSchema = z.object({
  apiVersion: str(),
  kind: str(),
  metadata: z.preprocess((v) => v ?? {}, ObjectMetaSchema),
  spec: z.preprocess((v) => v ?? {}, BuildConfigSpecSchema),
  status: opt(BuildConfigStatusSchema),
});

export const BuildSpecSchema = z.object({
  ...commonSpec,
  triggeredBy: opt(z.array(BuildTriggerCauseSchema)),
});
export type BuildSpec = z.output<typeof BuildSpecSchema>;

export const BuildStatusSchema = z.object({
  phase: optEnum(['New', 'Pending', 'Running', 'Complete', 'Failed', 'Error', 'Cancelled']),
  cancelled: opt(z.boolean()),
  reason: opt(z.string()),
  message: opt(z.string()),
  startTimestamp: opt(z.string()),
  completionTimestamp: opt(z.string()),
  /** nanoseconds, as Go's time.Duration */
  duration: opt(int()),
  outputDockerImageReference: opt(z.string()),
  config: opt(ObjectReferenceSchema),
  output: opt(z.object({ to: opt(z.object({ imageDigest: opt(z.string()) })) })),
  logSnippet: opt(z.string()),
});
export type BuildStatus = z.output<typeof BuildStatusSchema>;

export const BuildSchema = z.object({
  apiVersion: str(),
  kind: str(),
  metadata: z.preprocess((v) => v ?? {}, ObjectMetaSchema),
  spec: z.preprocess((v) => v ?? {}, BuildSpecSchema),
  status: opt(BuildStatusSchema),
});

export const BuildRequestSchema = z.object({
  apiVersion: str(),
  kind: str(),
  metadata: z.preprocess((v) => v ?? {}, ObjectMetaSchema),
  triggeredBy: opt(z.array(BuildTriggerCauseSchema)),
  triggeredByImage: opt(ObjectReferenceSchema),
  from: opt(ObjectReferenceSchema),
  revision: opt(RevisionSchema),
  env: opt(z.array(EnvVarSchema)),
  lastVersion: opt(int()),
  dockerStrategyOptions: opt(z.object({ buildArgs: opt(z.array(EnvVarSchema)), noCache: opt(z.boolean()) })),
});
export type BuildRequest = z.output<typeof BuildRequestSchema>;

type Meta = z.output<typeof ObjectMetaSchema>;

export interface BuildConfig {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec: BuildConfigSpec;
  status?: BuildConfigStatus;
  [field: string]: unknown;
}

export interface Build {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec: BuildSpec;
  status?: BuildStatus;
  [field: string]: unknown;
}
