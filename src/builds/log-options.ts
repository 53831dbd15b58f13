/**
 * OpenShift's BuildLogOptions from the query of `builds/NAME/log`: a value that does not parse is
 * a 400 naming the parameter (as the API server's query decoding); values that parse but are out
 * of range are a 422 `Invalid` of kind BuildLogOptions (openshift-apiserver's
 * ValidateBuildLogOptions, which is Kubernetes' ValidatePodLogOptions plus `version`).
 */
import { z } from 'zod';
import { fieldForbidden, fieldInvalid } from '../api/field-errors.js';
import { badRequest, invalid, type StatusCause } from '../api/status-error.js';
import { BUILD_API_GROUP } from './constants.js';

export interface BuildLogOptions {
  follow: boolean;
  timestamps: boolean;
  sinceSeconds?: number;
  /** ms since the epoch */
  sinceTime?: number;
  tailLines?: number;
  limitBytes?: number;
  /** the build of this number of the same BuildConfig */
  version?: number;
}

/** a repeated parameter counts by its first value, as Kubernetes decodes query parameters */
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/** Kubernetes' query booleans: anything but `false` and `0` (a bare `?follow` too) is true */
const flag = z.preprocess(first, z.string().optional()).transform((v) => {
  if (v === undefined) return false;
  return !['false', '0'].includes(v.toLowerCase());
});

const integer = z.preprocess(
  first,
  z
    .string()
    .regex(/^[-+]?\d{1,18}$/, {
      error: (i) => `invalid value ${JSON.stringify(i.input)}: must be an integer`,
    })
    .transform(Number)
    .optional(),
);

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

const time = z.preprocess(
  first,
  z
    .string()
    .refine((v) => RFC3339.test(v) && !Number.isNaN(Date.parse(v)), {
      error: (i) => `invalid value ${JSON.stringify(i.input)}: must be an RFC 3339 time`,
    })
    .transform((v) => Date.parse(v))
    .optional(),
);

const QuerySchema = z.object({
  follow: flag,
  timestamps: flag,
  sinceSeconds: integer,
  sinceTime: time,
  tailLines: integer,
  limitBytes: integer,
  version: integer,
});

function validate(o: BuildLogOptions): StatusCause[] {
  const causes: StatusCause[] = [];
  if (o.tailLines !== undefined && o.tailLines < 0)
    causes.push(fieldInvalid('tailLines', o.tailLines, 'must be greater than or equal to 0'));
  if (o.limitBytes !== undefined && o.limitBytes < 1)
    causes.push(fieldInvalid('limitBytes', o.limitBytes, 'must be greater than 0'));
  if (o.sinceSeconds !== undefined && o.sinceTime !== undefined)
    causes.push(fieldForbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  else if (o.sinceSeconds !== undefined && o.sinceSeconds < 1)
    causes.push(fieldInvalid('sinceSeconds', o.sinceSeconds, 'must be greater than 0'));
  if (o.version !== undefined && o.version <= 0)
    causes.push(fieldInvalid('version', o.version, 'build version must be greater than 0'));
  return causes;
}

export function parseBuildLogOptions(query: unknown): BuildLogOptions {
  const parsed = QuerySchema.safeParse(query ?? {});
  if (!parsed.success) {
    const causes = parsed.error.issues.map((i) => ({
      reason: 'FieldValueInvalid',
      field: String(i.path[0] ?? ''),
      message: i.message,
    }));
    throw badRequest(causes.map((c) => `${c.field}: ${c.message}`).join(', '), causes);
  }
  const { follow, timestamps, sinceSeconds, sinceTime, tailLines, limitBytes, version } = parsed.data;
  // only the parameters given, as keys: an absent one is no key rather than `undefined`
  const out: BuildLogOptions = {
    follow,
    timestamps,
    ...(sinceSeconds !== undefined ? { sinceSeconds } : {}),
    ...(sinceTime !== undefined ? { sinceTime } : {}),
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
    ...(version !== undefined ? { version } : {}),
  };
  const causes = validate(out);
  if (causes.length > 0)
    throw invalid({ group: BUILD_API_GROUP, kind: 'BuildLogOptions', resource: 'builds', name: '' }, causes);
  return out;
}

/** the earliest time of a line to send, ms since the epoch */
export function sinceOf(o: BuildLogOptions, now: Date): number | undefined {
  if (o.sinceSeconds !== undefined) return now.getTime() - o.sinceSeconds * 1000;
  return o.sinceTime;
}
