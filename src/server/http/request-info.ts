/**
 * Turns a resource URL into what it addresses, as Kubernetes' RequestInfoFactory does:
 *   /apis/GROUP/VERSION[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]
 *   /api/v1[/namespaces/NS]/RESOURCE[/NAME[/SUBRESOURCE]]
 * Pure: routing, authorization and metrics all read the same answer.
 */
import { StatusError, StatusReason } from '../../api/status-error.js';
import { queryBool } from './query.js';

export const Verb = {
  get: 'get',
  list: 'list',
  watch: 'watch',
  create: 'create',
  update: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
} as const;
export type Verb = (typeof Verb)[keyof typeof Verb];

export interface RequestInfo {
  verb: Verb;
  group: string;
  version: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch (e) {
    throw new StatusError(
      400,
      StatusReason.BadRequest,
      `the request path segment ${JSON.stringify(segment)} is not valid URL encoding`,
      undefined,
      { cause: e },
    );
  }
}

interface Located {
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
}

/** The part after the group/version: [namespaces/NS/]RESOURCE[/NAME[/SUB]] */
function locate(parts: string[]): Located | undefined {
  const [first, second, third, fourth, fifth, ...rest] = parts;
  if (first === undefined || rest.length > 0) return undefined;
  // `namespaces/NS/RESOURCE...` addresses objects in NS, except the namespace's own subresources
  if (
    first === 'namespaces' &&
    second !== undefined &&
    third !== undefined &&
    !['status', 'finalize'].includes(third)
  ) {
    return { namespace: second, resource: third, name: fourth, subresource: fifth };
  }
  if (fourth !== undefined) return undefined;
  return { resource: first, name: second, subresource: third };
}

/** method -> [verb without a name, verb with a name] */
const VERBS_BY_METHOD: Record<string, [Verb | undefined, Verb | undefined]> = {
  GET: [Verb.list, Verb.get],
  HEAD: [Verb.list, Verb.get],
  POST: [Verb.create, undefined],
  PUT: [undefined, Verb.update],
  PATCH: [undefined, Verb.patch],
  DELETE: [Verb.deletecollection, Verb.delete],
};

function verbOf(method: string, hasName: boolean, watch: boolean, subresource: boolean): Verb | undefined {
  const verbs = VERBS_BY_METHOD[method];
  if (!verbs) return undefined;
  if (watch && (method === 'GET' || method === 'HEAD')) return Verb.watch;
  // a POST to a subresource of an object creates there (buildconfigs/NAME/instantiate, pods/NAME/eviction)
  if (method === 'POST' && hasName && subresource) return Verb.create;
  return hasName ? verbs[1] : verbs[0];
}

function isWatch(query: Record<string, unknown>): boolean {
  const w = Array.isArray(query.watch) ? (query.watch as unknown[])[0] : query.watch;
  return typeof w === 'string' && queryBool(w);
}

/**
 * undefined when the path is no resource path; `verb` undefined when the method does not apply
 * (the caller answers 405).
 */
export function parseRequestInfo(
  method: string,
  path: string,
  query: Record<string, unknown>,
): (Omit<RequestInfo, 'verb'> & { verb: Verb | undefined }) | undefined {
  const parts = path
    .split('?')[0]!
    .split('/')
    .filter((p) => p !== '')
    .map(decode);
  let group: string;
  let version: string | undefined;
  let restParts: string[];
  if (parts[0] === 'api') {
    group = '';
    version = parts[1];
    restParts = parts.slice(2);
  } else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    version = parts[2];
    restParts = parts.slice(3);
  } else return undefined;
  if (!group && parts[0] === 'apis') return undefined;
  if (version === undefined) return undefined;
  const located = locate(restParts);
  if (!located) return undefined;
  const verb = verbOf(method, located.name !== undefined, isWatch(query), located.subresource !== undefined);
  const info: Omit<RequestInfo, 'verb'> & { verb: Verb | undefined } = {
    verb,
    group,
    version,
    resource: located.resource,
  };
  if (located.namespace !== undefined) info.namespace = located.namespace;
  if (located.name !== undefined) info.name = located.name;
  if (located.subresource !== undefined) info.subresource = located.subresource;
  return info;
}
