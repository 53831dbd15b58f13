/** openshift-apiserver's defaults for build.openshift.io/v1 (pure). */
import { DEFAULT_HISTORY_LIMIT, RunPolicy } from './constants.js';
import type { BuildConfigSpec, BuildSource, BuildStrategy } from './schema.js';

type CommonSpec = Pick<BuildConfigSpec, 'source' | 'strategy'>;

/** the strategy's type from the one strategy given, as OpenShift infers it */
function strategyType(s: BuildStrategy): BuildStrategy['type'] {
  if (s.type) return s.type;
  if (s.dockerStrategy) return 'Docker';
  if (s.sourceStrategy) return 'Source';
  if (s.customStrategy) return 'Custom';
  if (s.jenkinsPipelineStrategy) return 'JenkinsPipeline';
  return undefined;
}

function sourceType(s: BuildSource): BuildSource['type'] {
  if (s.type) return s.type;
  if (s.git) return 'Git';
  if (s.dockerfile !== undefined) return 'Dockerfile';
  if (s.binary) return 'Binary';
  return 'None';
}

/** strategy.type and source.type filled in from the fields given */
export function defaultCommonSpec<T extends CommonSpec>(spec: T): T {
  const type = strategyType(spec.strategy);
  return {
    ...spec,
    strategy: { ...spec.strategy, ...(type ? { type } : {}) },
    source: { ...spec.source, type: sourceType(spec.source) },
  };
}

export function defaultBuildConfigSpec(spec: BuildConfigSpec): BuildConfigSpec {
  return {
    ...defaultCommonSpec(spec),
    runPolicy: spec.runPolicy ?? RunPolicy.Serial,
    successfulBuildsHistoryLimit: spec.successfulBuildsHistoryLimit ?? DEFAULT_HISTORY_LIMIT,
    failedBuildsHistoryLimit: spec.failedBuildsHistoryLimit ?? DEFAULT_HISTORY_LIMIT,
    triggers: spec.triggers ?? [],
  };
}
