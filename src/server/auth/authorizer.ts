/**
 * Who may do what: grants are groups (see token-file.ts). Per namespace (`*`: all):
 * - read: get/list/watch of namespaced resources (and get of the namespace itself);
 * - write: read, plus create/update/patch/delete, except status subresources and mappings;
 * - status: read, plus writes to the `status` subresources (controllers; Kubernetes RBAC keeps
 *   status apart the same way, so that users cannot forge verified state);
 * - registry: read, plus create of imagestreammappings (OpenShift keeps them for its registry).
 * Everything cluster-scoped (images, namespace writes) is admin-only, as in OpenShift: namespace
 * users reach images through their streams (imagestreamtags, imagestreamimages). Lists and
 * watches across all namespaces need a `*` read grant. Any grant may read the (always empty)
 * custom resource definitions, which kubectl lists to validate `kind: …List` files. Pure.
 */
import { StatusError, StatusReason } from '../../api/status-error.js';
import { IMAGE_API_GROUP } from '../../api/types.js';
import type { RequestInfo } from '../http/request-info.js';
import type { UserInfo } from '../resources/resource-def.js';
import { authorizerOf, type Decision } from './user-authorizer.js';

const ADMIN_GROUPS = ['imagestreams:admin', 'system:masters'];
const READ_VERBS = new Set(['get', 'list', 'watch']);
/** a self review only asks about oneself: every authenticated user may create one (system:basic-user) */
const SELF_REVIEWS = new Set(['selfsubjectaccessreviews', 'selfsubjectrulesreviews']);

/** The per-namespace grants a user holds, by kind. */
export const GrantKind = { read: 'read', write: 'write', status: 'status', registry: 'registry' } as const;
export type GrantKind = (typeof GrantKind)[keyof typeof GrantKind];
const GRANT = /^imagestreams:(read|write|status|registry):(.+)$/;

export interface Grants {
  admin: boolean;
  /** namespaces per grant kind; every kind implies read */
  namespaces: Record<GrantKind, Set<string>>;
}

export function grantsOf(user: UserInfo): Grants {
  const namespaces: Grants['namespaces'] = {
    read: new Set(),
    write: new Set(),
    status: new Set(),
    registry: new Set(),
  };
  let admin = false;
  for (const g of user.groups) {
    if (ADMIN_GROUPS.includes(g)) admin = true;
    const m = GRANT.exec(g);
    if (!m) continue;
    namespaces.read.add(m[2]!);
    namespaces[m[1] as GrantKind].add(m[2]!);
  }
  return { admin, namespaces };
}

function has(set: Set<string>, namespace: string | undefined): boolean {
  return set.has('*') || (namespace !== undefined && set.has(namespace));
}

/** The grant kind a request in a namespace needs. */
export function requiredGrant(info: RequestInfo): GrantKind {
  if (READ_VERBS.has(info.verb)) return GrantKind.read;
  if (info.subresource === 'status') return GrantKind.status;
  if (info.group === IMAGE_API_GROUP && info.resource === 'imagestreammappings') return GrantKind.registry;
  return GrantKind.write;
}

/** Namespaces themselves: a reader may get its own; lists need `read:*`; writes are admin-only. */
function namespaceAllowed(g: Grants, info: RequestInfo): boolean {
  if (!READ_VERBS.has(info.verb)) return false;
  if (info.name === undefined) return g.namespaces.read.has('*');
  return has(g.namespaces.read, info.name);
}

export function isAllowed(user: UserInfo, info: RequestInfo): boolean {
  const g = grantsOf(user);
  if (g.admin) return true;
  if (info.group === 'authorization.k8s.io' && SELF_REVIEWS.has(info.resource) && info.verb === 'create')
    return true;
  if (info.group === '' && info.resource === 'namespaces') return namespaceAllowed(g, info);
  if (info.namespace !== undefined) return has(g.namespaces[requiredGrant(info)], info.namespace);
  if (info.group === 'apiextensions.k8s.io' && READ_VERBS.has(info.verb)) return g.namespaces.read.size > 0;
  // cluster-scoped objects (images) are admin-only; what is left is a list or watch across namespaces
  if (info.resource === 'images' && info.group === IMAGE_API_GROUP) return false;
  return READ_VERBS.has(info.verb) && g.namespaces.read.has('*');
}

/** 403 in the words of the Kubernetes RBAC authorizer (and the delegated authorizer's reason, if any). */
export function forbiddenFor(user: UserInfo, info: RequestInfo, reason?: string): StatusError {
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
  const qualified = info.group ? `${info.resource}.${info.group}` : info.resource;
  const subject = info.name !== undefined ? `${qualified} "${info.name}"` : qualified;
  const scope =
    info.namespace !== undefined ? `in the namespace "${info.namespace}"` : 'at the cluster scope';
  const message = `${subject} is forbidden: User "${user.name}" cannot ${info.verb} resource "${resource}" in API group "${info.group}" ${scope}${reason ? `: ${reason}` : ''}`;
  return new StatusError(403, StatusReason.Forbidden, message, {
    ...(info.name !== undefined ? { name: info.name } : {}),
    group: info.group,
    kind: info.resource,
  });
}

/** The decision of the user's authorizer: the cluster's (aggregated) or the grants'. */
export async function decide(user: UserInfo, info: RequestInfo): Promise<Decision> {
  const delegated = authorizerOf(user);
  if (delegated) return delegated.authorize(user, info);
  return { allowed: isAllowed(user, info) };
}

export async function authorize(user: UserInfo, info: RequestInfo): Promise<void> {
  const d = await decide(user, info);
  if (!d.allowed) throw forbiddenFor(user, info, d.reason);
}
