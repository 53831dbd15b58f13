/**
 * The answers of SelfSubjectAccessReview and SelfSubjectRulesReview (`kubectl auth can-i`,
 * `--list`), computed from the one decision function the API routes use (`isAllowed`), so a
 * review never says yes to a request the server then refuses, nor the reverse. Rules are found
 * by asking `isAllowed` about every served resource and verb, never restated by hand. Pure.
 */
import type { RequestInfo, Verb } from '../http/request-info.js';
import type { UserInfo } from '../resources/resource-def.js';
import { grantsOf, isAllowed } from './authorizer.js';

const API_VERBS: readonly Verb[] = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];
/** the verbs that address one object, so a grant on one namespace object can name it */
const NAMED_VERBS = new Set<string>(['get', 'update', 'patch', 'delete']);

/** Paths outside the resource API any authenticated user may GET (discovery, OpenAPI, health, metrics). */
const NON_RESOURCE_URLS = [
  '/api',
  '/api/*',
  '/apis',
  '/apis/*',
  '/healthz',
  '/livez',
  '/metrics',
  '/openapi/*',
  '/readyz',
  '/registry-budget',
  '/version',
];

export interface ServedResource {
  group: string;
  resource: string;
  namespaced: boolean;
  verbs: readonly string[];
  subresources?: readonly { name: string; verbs: readonly string[] }[];
}

export interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

export interface AccessDecision {
  allowed: boolean;
  reason?: string;
}

export interface ResourceRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs: string[];
}

function isApiVerb(verb: string): verb is Verb {
  return (API_VERBS as readonly string[]).includes(verb);
}

/** The groups of the user that grant anything (the reason of an allowed answer). */
function grantGroups(user: UserInfo): string {
  const groups = user.groups.filter((g) => g === 'system:masters' || g.startsWith('imagestreams:'));
  return groups.join(', ');
}

function allowedReason(user: UserInfo): AccessDecision {
  return { allowed: true, reason: `allowed by the grants of user "${user.name}": ${grantGroups(user)}` };
}

/** The request infos a possibly wildcarded review stands for; [] when nothing matches. */
function expand(attrs: ResourceAttributes, served: readonly ServedResource[]): Omit<RequestInfo, 'verb'>[] {
  const group = attrs.group ?? '';
  const resource = attrs.resource ?? '';
  const matches = served.filter(
    (s) => (group === '*' || s.group === group) && (resource === '*' || s.resource === resource),
  );
  const base = (g: string, r: string, namespaced: boolean): Omit<RequestInfo, 'verb'> => {
    const info: Omit<RequestInfo, 'verb'> = { group: g, version: attrs.version ?? 'v1', resource: r };
    if (namespaced && attrs.namespace) info.namespace = attrs.namespace;
    if (attrs.name) info.name = attrs.name;
    if (attrs.subresource) info.subresource = attrs.subresource;
    return info;
  };
  if (matches.length > 0) return matches.map((s) => base(s.group, s.resource, s.namespaced));
  // a resource we do not serve: the grants still decide (as RBAC does), taken as namespaced
  if (group === '*' || resource === '*') return [];
  return [base(group, resource, true)];
}

/** SelfSubjectAccessReview with resourceAttributes: wildcards hold only if every match is allowed. */
export function reviewResourceAccess(
  user: UserInfo,
  attrs: ResourceAttributes,
  served: readonly ServedResource[],
): AccessDecision {
  if (grantsOf(user).admin) return allowedReason(user);
  const verb = attrs.verb ?? '';
  const verbs = verb === '*' ? API_VERBS : isApiVerb(verb) ? [verb] : [];
  const infos = expand(attrs, served);
  if (verbs.length === 0 || infos.length === 0) return { allowed: false };
  const allowed = infos.every((info) => verbs.every((v) => isAllowed(user, { ...info, verb: v })));
  return allowed ? allowedReason(user) : { allowed: false };
}

function pathMatches(pattern: string, path: string): boolean {
  if (pattern.endsWith('/*')) return path.startsWith(pattern.slice(0, -1));
  return path === pattern;
}

/** SelfSubjectAccessReview with nonResourceAttributes. */
export function reviewNonResourceAccess(user: UserInfo, attrs: NonResourceAttributes): AccessDecision {
  if (grantsOf(user).admin) return allowedReason(user);
  const path = attrs.path ?? '';
  const readable = ['get', 'head'].includes(attrs.verb ?? '');
  if (readable && NON_RESOURCE_URLS.some((p) => pathMatches(p, path)))
    return {
      allowed: true,
      reason: 'any authenticated user may read discovery, OpenAPI, health and metrics',
    };
  return { allowed: false };
}

interface Grant {
  group: string;
  resource: string;
  verbs: string[];
  names?: string[];
}

function grantsOn(
  user: UserInfo,
  s: ServedResource,
  namespace: string,
  sub?: { name: string; verbs: readonly string[] },
): Grant[] {
  const info: Omit<RequestInfo, 'verb'> = { group: s.group, version: 'v1', resource: s.resource };
  if (s.namespaced && namespace) info.namespace = namespace;
  if (sub) info.subresource = sub.name;
  const open: string[] = [];
  const named: string[] = [];
  for (const verb of (sub ?? s).verbs.filter(isApiVerb)) {
    if (isAllowed(user, { ...info, verb })) open.push(verb);
    else if (namedGrant(user, s, info, verb, namespace)) named.push(verb);
  }
  const resource = sub ? `${s.resource}/${sub.name}` : s.resource;
  const out: Grant[] = [];
  if (open.length > 0) out.push({ group: s.group, resource, verbs: open });
  if (named.length > 0) out.push({ group: s.group, resource, verbs: named, names: [namespace] });
  return out;
}

/** A cluster-scoped object named like the namespace (the namespace itself) may be granted alone. */
function namedGrant(
  user: UserInfo,
  s: ServedResource,
  info: Omit<RequestInfo, 'verb'>,
  verb: Verb,
  namespace: string,
): boolean {
  if (s.namespaced || !namespace || !NAMED_VERBS.has(verb)) return false;
  return isAllowed(user, { ...info, verb, name: namespace });
}

/** Merges grants with the same group, verbs and names into one rule listing their resources. */
function toRules(grants: Grant[]): ResourceRule[] {
  const rules = new Map<string, ResourceRule>();
  for (const g of grants) {
    const key = JSON.stringify([g.group, g.verbs, g.names ?? []]);
    const rule = rules.get(key);
    if (rule) rule.resources.push(g.resource);
    else
      rules.set(key, {
        verbs: g.verbs,
        apiGroups: [g.group],
        resources: [g.resource],
        ...(g.names ? { resourceNames: g.names } : {}),
      });
  }
  return [...rules.values()];
}

/** SelfSubjectRulesReview: what the user may do in `namespace` (and at the cluster scope). */
export function reviewRules(
  user: UserInfo,
  namespace: string,
  served: readonly ServedResource[],
): { resourceRules: ResourceRule[]; nonResourceRules: NonResourceRule[]; incomplete: boolean } {
  if (grantsOf(user).admin)
    return {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    };
  const grants = served.flatMap((s) => [
    ...grantsOn(user, s, namespace),
    ...(s.subresources ?? []).flatMap((sub) => grantsOn(user, s, namespace, sub)),
  ]);
  return {
    resourceRules: toRules(grants),
    nonResourceRules: [{ verbs: ['get'], nonResourceURLs: NON_RESOURCE_URLS }],
    incomplete: false,
  };
}
