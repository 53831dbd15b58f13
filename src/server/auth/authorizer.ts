/**
 * Who may do what: grants are groups (see token-file.ts). Read covers get/list/watch, write adds
 * create/update/patch/delete, both per namespace (`*`: all). Cluster-scoped images are readable
 * by anyone holding a read grant (they are content-addressed and carry no secrets); writes to
 * cluster-scoped resources and cross-namespace lists need admin or `*`. Pure.
 */
import { StatusError, StatusReason } from '../../api/status-error.js';
import type { RequestInfo } from '../http/request-info.js';
import type { UserInfo } from '../resources/resource-def.js';

export const ADMIN_GROUPS = ['imagestreams:admin', 'system:masters'];
const READ_VERBS = new Set(['get', 'list', 'watch']);

interface Grants {
  admin: boolean;
  read: Set<string>;
  write: Set<string>;
}

export function grantsOf(user: UserInfo): Grants {
  const grants: Grants = { admin: false, read: new Set(), write: new Set() };
  for (const g of user.groups) {
    if (ADMIN_GROUPS.includes(g)) grants.admin = true;
    const m = /^imagestreams:(read|write):(.+)$/.exec(g);
    if (!m) continue;
    grants.read.add(m[2]!);
    if (m[1] === 'write') grants.write.add(m[2]!);
  }
  return grants;
}

function has(set: Set<string>, namespace: string | undefined): boolean {
  return set.has('*') || (namespace !== undefined && set.has(namespace));
}

function namespaceAllowed(g: Grants, info: RequestInfo): boolean {
  const read = READ_VERBS.has(info.verb);
  if (info.name === undefined) return read && g.read.has('*');
  return has(read ? g.read : g.write, info.name);
}

export function isAllowed(user: UserInfo, info: RequestInfo): boolean {
  const g = grantsOf(user);
  if (g.admin) return true;
  const read = READ_VERBS.has(info.verb);
  if (info.group === '' && info.resource === 'namespaces') return namespaceAllowed(g, info);
  if (info.namespace !== undefined) return has(read ? g.read : g.write, info.namespace);
  if (info.resource === 'images' && read) return g.read.size > 0;
  // a list or watch across all namespaces
  return read ? g.read.has('*') : g.write.has('*') && info.resource !== 'images';
}

/** 403 in the words of the Kubernetes RBAC authorizer. */
export function forbiddenFor(user: UserInfo, info: RequestInfo): StatusError {
  const resource = info.subresource ? `${info.resource}/${info.subresource}` : info.resource;
  const qualified = info.group ? `${info.resource}.${info.group}` : info.resource;
  const subject = info.name !== undefined ? `${qualified} "${info.name}"` : qualified;
  const scope =
    info.namespace !== undefined ? `in the namespace "${info.namespace}"` : 'at the cluster scope';
  const message = `${subject} is forbidden: User "${user.name}" cannot ${info.verb} resource "${resource}" in API group "${info.group}" ${scope}`;
  return new StatusError(403, StatusReason.Forbidden, message, {
    ...(info.name !== undefined ? { name: info.name } : {}),
    group: info.group,
    kind: info.resource,
  });
}

export function authorize(user: UserInfo, info: RequestInfo): void {
  if (!isAllowed(user, info)) throw forbiddenFor(user, info);
}
