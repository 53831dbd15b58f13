/**
 * The Build a BuildConfig instantiates (OpenShift's build generator), pure: its name `<bc>-<n>`,
 * labels and annotations, the BuildConfig's spec with the request's overrides, the strategy's
 * image pinned by digest, and the causes.
 */
import {
  BUILD_API_VERSION,
  BUILD_CONFIG_KIND,
  BUILD_CONFIG_LABEL,
  BUILD_CONFIG_LABEL_DEPRECATED,
  BUILD_KIND,
  BUILD_NUMBER_ANNOTATION,
  BuildCauseMessage,
  BuildPhase,
} from './constants.js';
import type {
  Build,
  BuildConfig,
  BuildRequest,
  BuildStrategy,
  BuildTriggerCause,
  DockerStrategy,
  EnvVar,
  SourceStrategy,
} from './schema.js';

const START_POLICY_LABEL = 'openshift.io/build.start-policy';

export function buildName(config: string, number: number): string {
  return `${config}-${number}`;
}

/** `base` with every variable of `overrides` set (replacing one of the same name) */
export function mergeEnv(base: EnvVar[] | undefined, overrides: EnvVar[] | undefined): EnvVar[] | undefined {
  if (!overrides?.length) return base;
  const names = new Set(overrides.map((e) => e.name));
  return [...(base ?? []).filter((e) => !names.has(e.name)), ...overrides];
}

function dockerStrategy(
  d: DockerStrategy,
  request: BuildRequest,
  resolvedFrom: string | undefined,
): DockerStrategy {
  const out: DockerStrategy = { ...d };
  const env = mergeEnv(d.env, request.env);
  if (env) out.env = env;
  const args = mergeEnv(d.buildArgs, request.dockerStrategyOptions?.buildArgs);
  if (args) out.buildArgs = args;
  const noCache = request.dockerStrategyOptions?.noCache;
  if (noCache !== undefined) out.noCache = noCache;
  if (resolvedFrom) out.from = { kind: 'DockerImage', name: resolvedFrom };
  return out;
}

function sourceStrategy(
  s: SourceStrategy,
  request: BuildRequest,
  resolvedFrom: string | undefined,
): SourceStrategy {
  const out: SourceStrategy = { ...s };
  const env = mergeEnv(s.env, request.env);
  if (env) out.env = env;
  if (resolvedFrom) out.from = { kind: 'DockerImage', name: resolvedFrom };
  return out;
}

function withOverrides(
  s: BuildStrategy,
  request: BuildRequest,
  resolvedFrom: string | undefined,
): BuildStrategy {
  if (s.dockerStrategy)
    return { ...s, dockerStrategy: dockerStrategy(s.dockerStrategy, request, resolvedFrom) };
  if (s.sourceStrategy)
    return { ...s, sourceStrategy: sourceStrategy(s.sourceStrategy, request, resolvedFrom) };
  return s;
}

export interface GenerateInput {
  config: BuildConfig;
  /** the BuildConfig's new lastVersion */
  number: number;
  request: BuildRequest;
  /** the strategy's ImageStreamTag resolved to `REPO@sha256:…` */
  resolvedFrom?: string;
}

export function generateBuild({ config, number, request, resolvedFrom }: GenerateInput): Build {
  const bc = config.metadata.name;
  const {
    triggers: _t,
    runPolicy,
    successfulBuildsHistoryLimit: _s,
    failedBuildsHistoryLimit: _f,
    ...common
  } = config.spec;
  const strategy = withOverrides(common.strategy, request, resolvedFrom);
  const triggeredBy: BuildTriggerCause[] = request.triggeredBy?.length
    ? request.triggeredBy
    : [{ message: BuildCauseMessage.Manual }];
  return {
    apiVersion: BUILD_API_VERSION,
    kind: BUILD_KIND,
    metadata: {
      name: buildName(bc, number),
      namespace: config.metadata.namespace,
      labels: {
        ...config.metadata.labels,
        [BUILD_CONFIG_LABEL_DEPRECATED]: bc,
        [BUILD_CONFIG_LABEL]: bc,
        [START_POLICY_LABEL]: runPolicy ?? 'Serial',
      },
      annotations: { [BUILD_CONFIG_LABEL]: bc, [BUILD_NUMBER_ANNOTATION]: String(number) },
      ...(config.metadata.uid
        ? {
            ownerReferences: [
              {
                apiVersion: BUILD_API_VERSION,
                kind: BUILD_CONFIG_KIND,
                name: bc,
                uid: config.metadata.uid,
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: { ...common, ...(request.revision ? { revision: request.revision } : {}), strategy, triggeredBy },
    status: {
      phase: BuildPhase.New,
      config: { kind: BUILD_CONFIG_KIND, namespace: config.metadata.namespace ?? '', name: bc },
    },
  };
}
