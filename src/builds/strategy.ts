/**
 * How the API server treats BuildConfigs and Builds: users own spec, the build controller owns
 * status (through the status subresource), as openshift-apiserver's build strategies.
 */
import type { z } from 'zod';
import { toPlainJson, zodCauses } from '../api/decode.js';
import { fieldInvalid } from '../api/field-errors.js';
import type { KubeObject } from '../api/object.js';
import { semanticEqual } from '../api/semantic-equal.js';
import { badRequest, invalid, type StatusCause } from '../api/status-error.js';
import type { Strategy } from '../api/strategy.js';
import {
  BUILD_API_GROUP,
  BUILD_API_VERSION,
  BUILD_CONFIG_KIND,
  BUILD_KIND,
  BuildPhase,
  isTerminal,
} from './constants.js';
import { defaultBuildConfigSpec, defaultCommonSpec } from './defaults.js';
import { BuildConfigSchema, BuildSchema, type Build, type BuildConfig } from './schema.js';
import { validateBuildConfigSpec, validateCommonSpec } from './validation.js';

/** parses a body of `kind` (apiVersion and kind filled in when absent, other ones refused) */
export function decodeBuildObject<S extends z.ZodType<{ apiVersion: string; kind: string }>>(
  schema: S,
  kind: string,
  resource: string,
  input: unknown,
): z.output<S> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw badRequest(`the body of a ${kind} must be a JSON object`);
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) {
    const name = (input as { metadata?: { name?: unknown } }).metadata?.name;
    throw invalid(
      { group: BUILD_API_GROUP, kind, resource, ...(typeof name === 'string' ? { name } : {}) },
      zodCauses(result.error),
    );
  }
  const object = toPlainJson(result.data);
  if (object.apiVersion === '') object.apiVersion = BUILD_API_VERSION;
  if (object.kind === '') object.kind = kind;
  if (object.apiVersion !== BUILD_API_VERSION || object.kind !== kind)
    throw badRequest(`${object.apiVersion}, Kind=${object.kind} is not ${BUILD_API_VERSION}, Kind=${kind}`);
  return object;
}

const specChanged = (a: KubeObject, b: KubeObject): boolean => !semanticEqual(a.spec, b.spec);

function keepStatus<T extends Build | BuildConfig>(object: T, old: T): T {
  const next: T = { ...object };
  if (old.status === undefined) delete next.status;
  else next.status = old.status;
  const generation = old.metadata.generation ?? 1;
  next.metadata = { ...object.metadata, generation: specChanged(object, old) ? generation + 1 : generation };
  return next;
}

function takeStatus<T extends Build | BuildConfig>(object: T, old: T): T {
  const metadata = { ...old.metadata };
  if (object.metadata.labels) metadata.labels = object.metadata.labels;
  if (object.metadata.annotations) metadata.annotations = object.metadata.annotations;
  return { ...old, metadata, status: object.status };
}

export const buildConfigStrategy: Strategy<BuildConfig> = {
  kind: BUILD_CONFIG_KIND,
  group: BUILD_API_GROUP,
  decode: (input) => decodeBuildObject(BuildConfigSchema, BUILD_CONFIG_KIND, 'buildconfigs', input),
  prepareForCreate(bc) {
    return {
      ...bc,
      metadata: { ...bc.metadata, generation: 1 },
      spec: defaultBuildConfigSpec(bc.spec),
      status: { lastVersion: 0 },
    };
  },
  prepareForUpdate(bc, old) {
    return keepStatus({ ...bc, spec: defaultBuildConfigSpec(bc.spec) }, old);
  },
  prepareForStatusUpdate: takeStatus,
  validate: (object) => validateBuildConfigSpec(object.spec),
  validateUpdate: (object) => validateBuildConfigSpec(object.spec),
};

/**
 * A user may only ask for a cancel through the main resource (as `oc cancel-build` does, setting
 * status.cancelled): the rest of status stays the controller's.
 */
function keepBuildStatus(object: Build, old: Build): Build {
  const next = keepStatus(object, old);
  const asked = object.status?.cancelled === true;
  if (asked && !isTerminal(old.status?.phase)) next.status = { ...next.status, cancelled: true };
  return next;
}

function validateBuildUpdate(b: Build, before: Build): StatusCause[] {
  const out = validateCommonSpec(b.spec);
  if (specChanged(b, before))
    out.push(fieldInvalid('spec', 'content of spec is not printed out', 'spec is immutable'));
  const was = before.status?.phase;
  if (isTerminal(was) && b.status?.phase !== was)
    out.push(
      fieldInvalid('status.phase', b.status?.phase, `phase cannot be updated from a terminal state (${was})`),
    );
  return out;
}

export const buildStrategy: Strategy<Build> = {
  kind: BUILD_KIND,
  group: BUILD_API_GROUP,
  decode: (input) => decodeBuildObject(BuildSchema, BUILD_KIND, 'builds', input),
  prepareForCreate(b) {
    return {
      ...b,
      metadata: { ...b.metadata, generation: 1 },
      spec: defaultCommonSpec(b.spec),
      status: { phase: BuildPhase.New },
    };
  },
  prepareForUpdate: keepBuildStatus,
  prepareForStatusUpdate: takeStatus,
  validate: (object) => validateCommonSpec(object.spec),
  validateUpdate: validateBuildUpdate,
};
