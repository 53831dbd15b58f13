/**
 * Field validation of BuildConfigs and Builds in openshift-apiserver's words (pure). What this
 * server cannot run (Custom and JenkinsPipeline strategies) is refused
 * here, naming the field, rather than accepted and silently never built.
 */
import {
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
} from '../api/field-errors.js';
import type { StatusCause } from '../api/status-error.js';
import { validAsFile } from './binary/stored-binary.js';
import type { ObjectReference } from '../api/schema/common.js';
import type {
  BuildConfigSpec,
  BuildOutput,
  BuildSource,
  BuildStrategy,
  BuildTriggerPolicy,
  EnvVar,
  SourceStrategy,
} from './schema.js';
import { strategyFrom } from './schema.js';

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const STREAM_TAG = /^[a-z0-9]([-a-z0-9._]*[a-z0-9])?:[\w][\w.-]{0,127}$/;
const STRATEGY_FIELDS = [
  'sourceStrategy',
  'customStrategy',
  'dockerStrategy',
  'jenkinsPipelineStrategy',
] as const;
const STRATEGY_OF_TYPE = {
  Docker: 'dockerStrategy',
  Source: 'sourceStrategy',
  Custom: 'customStrategy',
  JenkinsPipeline: 'jenkinsPipelineStrategy',
} as const;
const SUPPORTED_TRIGGERS = [
  'ImageChange',
  'ConfigChange',
  'Generic',
  'GitHub',
  'GitLab',
  'Bitbucket',
] as const;
const WEBHOOK_FIELDS = {
  Generic: 'generic',
  GitHub: 'github',
  GitLab: 'gitlab',
  Bitbucket: 'bitbucket',
} as const;

type Common = Pick<BuildConfigSpec, 'source' | 'strategy' | 'output' | 'completionDeadlineSeconds'>;

/** a reference to an image: kind ImageStreamTag (STREAM:TAG) or DockerImage, with a name */
function validateImageRef(ref: ObjectReference, field: string): StatusCause[] {
  const kinds = ['ImageStreamTag', 'DockerImage'];
  if (!kinds.includes(ref.kind)) return [fieldNotSupported(`${field}.kind`, ref.kind, kinds)];
  if (ref.name === '') return [fieldRequired(`${field}.name`)];
  if (ref.kind === 'ImageStreamTag' && !STREAM_TAG.test(ref.name))
    return [
      fieldInvalid(
        `${field}.name`,
        ref.name,
        'ImageStreamTag object references must be in the form <name>:<tag>',
      ),
    ];
  return [];
}

function validateEnv(list: EnvVar[] | undefined, field: string): StatusCause[] {
  return (list ?? []).flatMap((e, i) => {
    if (e.name === '') return [fieldRequired(`${field}[${i}].name`)];
    if (!ENV_NAME.test(e.name))
      return [
        fieldInvalid(
          `${field}[${i}].name`,
          e.name,
          "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
        ),
      ];
    return [];
  });
}

/** a path inside the source: relative, never climbing out of it */
function validateRelativePath(value: string | undefined, field: string): StatusCause[] {
  if (value === undefined || value === '') return [];
  const parts = value.split('/');
  if (value.startsWith('/') || parts.includes('..'))
    return [fieldInvalid(field, value, 'must be a relative path within your source location')];
  return [];
}

function validateSourceStrategy(s: SourceStrategy): StatusCause[] {
  const field = 'spec.strategy.sourceStrategy';
  const out = s.from ? validateImageRef(s.from, `${field}.from`) : [fieldRequired(`${field}.from`)];
  out.push(...validateEnv(s.env, `${field}.env`));
  if (s.incremental === true)
    out.push(fieldForbidden(`${field}.incremental`, 'incremental builds are not supported yet'));
  if (s.scripts)
    out.push(
      fieldForbidden(
        `${field}.scripts`,
        "a scripts URL is not supported yet: the builder image's label is used",
      ),
    );
  return out;
}

function validateStrategy(s: BuildStrategy): StatusCause[] {
  const given = STRATEGY_FIELDS.filter((f) => s[f] !== undefined);
  if (given.length !== 1)
    return [
      fieldInvalid(
        'spec.strategy',
        given,
        'must provide a value for exactly one of sourceStrategy, customStrategy, dockerStrategy, or jenkinsPipelineStrategy',
      ),
    ];
  if (s.type === undefined) return [fieldRequired('spec.strategy.type')];
  if (STRATEGY_OF_TYPE[s.type] !== given[0])
    return [fieldInvalid('spec.strategy.type', s.type, `does not match the strategy given (${given[0]})`)];
  if (s.type === 'Source') return validateSourceStrategy(s.sourceStrategy!);
  if (s.type !== 'Docker') return [fieldNotSupported('spec.strategy.type', s.type, ['Docker', 'Source'])];
  const d = s.dockerStrategy!;
  return [
    ...(d.from ? validateImageRef(d.from, 'spec.strategy.dockerStrategy.from') : []),
    ...validateEnv(d.env, 'spec.strategy.dockerStrategy.env'),
    ...validateEnv(d.buildArgs, 'spec.strategy.dockerStrategy.buildArgs'),
    ...validateRelativePath(d.dockerfilePath, 'spec.strategy.dockerStrategy.dockerfilePath'),
  ];
}

function validateSource(s: BuildSource): StatusCause[] {
  if (s.binary && s.git) return [fieldInvalid('spec.source.git', s.git, 'may not be used with binary')];
  if (!s.git && !s.binary && s.dockerfile === undefined)
    return [
      fieldRequired('spec.source', 'must provide a value for at least one of git, binary or dockerfile'),
    ];
  const out = validateRelativePath(s.contextDir, 'spec.source.contextDir');
  const asFile = s.binary?.asFile;
  if (asFile !== undefined && asFile !== '' && !validAsFile(asFile))
    out.push(fieldInvalid('spec.source.binary.asFile', asFile, 'must be a file name'));
  if (s.git && s.git.uri === '') out.push(fieldRequired('spec.source.git.uri'));
  if (s.dockerfile !== undefined && s.dockerfile.trim() === '')
    out.push(fieldRequired('spec.source.dockerfile', 'an inline Dockerfile may not be empty'));
  return out;
}

function validateOutput(o: BuildOutput): StatusCause[] {
  const out = o.to ? validateImageRef(o.to, 'spec.output.to') : [];
  (o.imageLabels ?? []).forEach((l, i) => {
    if (l.name === '') out.push(fieldRequired(`spec.output.imageLabels[${i}].name`));
  });
  return out;
}

export function validateCommonSpec(spec: Common): StatusCause[] {
  const out = [
    ...validateStrategy(spec.strategy),
    ...validateSource(spec.source),
    ...validateOutput(spec.output),
    ...validateSecretRefs(spec),
  ];
  const deadline = spec.completionDeadlineSeconds;
  if (deadline !== undefined && deadline <= 0)
    out.push(
      fieldInvalid(
        'spec.completionDeadlineSeconds',
        deadline,
        'completionDeadlineSeconds must be a positive integer greater than 0',
      ),
    );
  return out;
}

/** a Secret reference needs a name (openshift-apiserver's validateSecretRef) */
function validateSecretRefs(spec: Common): StatusCause[] {
  const refs: [string, { name: string } | undefined][] = [
    ['spec.source.sourceSecret', spec.source.sourceSecret],
    ['spec.output.pushSecret', spec.output.pushSecret],
    ['spec.strategy.dockerStrategy.pullSecret', spec.strategy.dockerStrategy?.pullSecret],
    ['spec.strategy.sourceStrategy.pullSecret', spec.strategy.sourceStrategy?.pullSecret],
  ];
  return refs.filter(([, ref]) => ref && ref.name === '').map(([field]) => fieldRequired(`${field}.name`));
}

/** a webhook trigger: exactly one of secret and secretReference (never echoing the secret) */
function validateWebHook(t: BuildTriggerPolicy, field: string): StatusCause[] {
  const key = WEBHOOK_FIELDS[t.type as keyof typeof WEBHOOK_FIELDS];
  const hook = t[key];
  if (!hook) return [fieldRequired(`${field}.${key}`)];
  const out: StatusCause[] = [];
  if (!hook.secret && !hook.secretReference) out.push(fieldRequired(`${field}.${key}.secretReference`));
  if (hook.secret && hook.secretReference)
    out.push(fieldForbidden(`${field}.${key}.secret`, 'secret and secretReference cannot both be set'));
  if (hook.secretReference && hook.secretReference.name === '')
    out.push(fieldRequired(`${field}.${key}.secretReference.name`));
  if (hook.allowEnv && key !== 'generic')
    out.push(
      fieldInvalid(`${field}.${key}.allowEnv`, hook.allowEnv, 'allowEnv is only valid for generic webhooks'),
    );
  return out;
}

function validateTrigger(
  t: BuildTriggerPolicy,
  i: number,
  strategyFrom: ObjectReference | undefined,
): StatusCause[] {
  const field = `spec.triggers[${i}]`;
  if (t.type === undefined) return [fieldRequired(`${field}.type`, 'type of trigger must be specified')];
  if (!(SUPPORTED_TRIGGERS as readonly string[]).includes(t.type))
    return [fieldNotSupported(`${field}.type`, t.type, SUPPORTED_TRIGGERS)];
  if (t.type in WEBHOOK_FIELDS) return validateWebHook(t, field);
  if (t.type !== 'ImageChange') return [];
  const from = t.imageChange?.from;
  if (from) {
    // an explicit from follows any ImageStreamTag (not only the strategy's): a build starts when
    // it moves, and the strategy's base image stays the strategy's own (OpenShift)
    if (from.kind !== 'ImageStreamTag')
      return [fieldNotSupported(`${field}.imageChange.from.kind`, from.kind, ['ImageStreamTag'])];
    return validateImageRef(from, `${field}.imageChange.from`);
  }
  if (strategyFrom?.kind !== 'ImageStreamTag')
    return [
      fieldRequired(
        `${field}.imageChange.from`,
        'a default ImageChange trigger can only be used when the strategy builder image is an ImageStreamTag',
      ),
    ];
  return [];
}

function validateTriggers(spec: BuildConfigSpec): StatusCause[] {
  const from = strategyFrom(spec.strategy);
  const triggers = spec.triggers ?? [];
  const out = triggers.flatMap((t, i) => validateTrigger(t, i, from));
  const seen = new Set<string>();
  triggers.forEach((t, i) => {
    if (t.type !== 'ImageChange' && t.type !== 'ConfigChange') return;
    const f = t.imageChange?.from;
    const key = t.type === 'ImageChange' ? `ImageChange/${f?.namespace ?? ''}/${f?.name ?? ''}` : t.type;
    if (seen.has(key)) out.push(fieldDuplicate(`spec.triggers[${i}]`, t.type));
    seen.add(key);
  });
  return out;
}

export function validateBuildConfigSpec(spec: BuildConfigSpec): StatusCause[] {
  const out = [...validateCommonSpec(spec), ...validateTriggers(spec)];
  for (const f of ['successfulBuildsHistoryLimit', 'failedBuildsHistoryLimit'] as const) {
    const v = spec[f];
    if (v !== undefined && v < 0)
      out.push(fieldInvalid(`spec.${f}`, v, 'must be greater than or equal to 0'));
  }
  return out;
}
