/** The query parameters and DeleteOptions of resource requests, through zod. */
import { z } from 'zod';
import { badRequest } from '../../api/status-error.js';
import { isUnsetResourceVersion, parseResourceVersion } from '../../store/resource-version.js';
import type { ListOptions, Preconditions, WatchOptions } from '../../store/store.js';
import { FieldValidation } from '../resources/resource-def.js';

export type Query = Record<string, string | undefined>;

/** Single values only: a repeated parameter keeps its first value, as Go's url.Values.Get. */
export function flattenQuery(raw: unknown): Query {
  const out: Query = {};
  if (typeof raw !== 'object' || raw === null) return out;
  for (const [k, v] of Object.entries(raw)) {
    const first: unknown = Array.isArray(v) ? v[0] : v;
    if (typeof first === 'string') out[k] = first;
  }
  return out;
}

const nonNegativeInt = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a non-negative integer`)
    .transform((s) => Number(s));

const listQuery = z.object({
  labelSelector: z.string().optional(),
  fieldSelector: z.string().optional(),
  limit: nonNegativeInt('limit').optional(),
  continue: z.string().optional(),
  resourceVersion: z.string().optional(),
  timeoutSeconds: nonNegativeInt('timeoutSeconds').optional(),
  allowWatchBookmarks: z.string().optional(),
});

/**
 * A boolean query parameter as kube-apiserver decodes one (runtime.Convert_Slice_string_To_bool):
 * absent, `0` or `false` in any case is false; any other value, the empty one included, is true.
 * So the Python client's `watch=True` watches, as it does against a cluster.
 */
export function queryBool(value: string | undefined): boolean {
  if (value === undefined) return false;
  return value !== '0' && value.toLowerCase() !== 'false';
}

function parseQuery(query: Query): z.infer<typeof listQuery> {
  const result = listQuery.safeParse(query);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badRequest(
      `invalid query parameter ${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}`,
    );
  }
  // a list or watch at a version that is not one is the client's mistake (400), as in Kubernetes
  const rv = result.data.resourceVersion;
  if (!isUnsetResourceVersion(rv) && rv !== undefined) parseResourceVersion(rv);
  return result.data;
}

export function listOptions(query: Query): ListOptions {
  const q = parseQuery(query);
  const out: ListOptions = {};
  if (q.labelSelector) out.labelSelector = q.labelSelector;
  if (q.fieldSelector) out.fieldSelector = q.fieldSelector;
  if (q.limit) out.limit = q.limit;
  if (q.continue) out.continue = q.continue;
  if (q.resourceVersion !== undefined) out.resourceVersion = q.resourceVersion;
  return out;
}

export function watchOptions(query: Query): WatchOptions {
  const q = parseQuery(query);
  const out: WatchOptions = {};
  if (q.labelSelector) out.labelSelector = q.labelSelector;
  if (q.fieldSelector) out.fieldSelector = q.fieldSelector;
  if (q.resourceVersion !== undefined) out.resourceVersion = q.resourceVersion;
  return out;
}

export interface WatchParams {
  timeoutSeconds?: number;
  bookmarks: boolean;
}

export function watchParams(query: Query): WatchParams {
  const q = parseQuery(query);
  const out: WatchParams = { bookmarks: queryBool(q.allowWatchBookmarks) };
  if (q.timeoutSeconds) out.timeoutSeconds = q.timeoutSeconds;
  return out;
}

export function isDryRun(query: Query): boolean {
  const v = query.dryRun;
  if (v === undefined || v === '') return false;
  if (v === 'All') return true;
  throw badRequest(`invalid dryRun value ${JSON.stringify(v)}: the only supported value is All`);
}

export function fieldValidation(query: Query): FieldValidation {
  const v = query.fieldValidation;
  if (v === undefined || v === '') return FieldValidation.Warn;
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`invalid fieldValidation value ${JSON.stringify(v)}: must be one of Ignore, Warn, Strict`);
}

const deleteOptionsSchema = z
  .object({
    kind: z.string().optional(),
    apiVersion: z.string().optional(),
    dryRun: z.array(z.string()).optional(),
    gracePeriodSeconds: z.number().int().optional(),
    propagationPolicy: z.string().optional(),
    orphanDependents: z.boolean().optional(),
    preconditions: z
      .object({ uid: z.string().optional(), resourceVersion: z.string().optional() })
      .optional(),
  })
  .loose();

export interface ParsedDeleteOptions {
  dryRun: boolean;
  preconditions: Preconditions;
}

function parseDeleteBody(body: unknown): z.infer<typeof deleteOptionsSchema> {
  if (body === undefined || body === null || body === '') return {};
  const parsed = deleteOptionsSchema.safeParse(body);
  if (!parsed.success)
    throw badRequest(`invalid DeleteOptions: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** DeleteOptions from the body (optional) and the query. */
export function deleteOptions(body: unknown, query: Query): ParsedDeleteOptions {
  const data = parseDeleteBody(body);
  const preconditions: Preconditions = {};
  if (data.preconditions?.uid) preconditions.uid = data.preconditions.uid;
  if (data.preconditions?.resourceVersion) preconditions.resourceVersion = data.preconditions.resourceVersion;
  const dryRun = (data.dryRun ?? []).includes('All') || isDryRun(query);
  return { dryRun, preconditions };
}
