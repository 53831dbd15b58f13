/**
 * Copying from an image stream in another namespace (a tag's `from`, a webhook trigger's `from`)
 * reveals that stream's images, so it needs the requesting user's read grant there: OpenShift's
 * TagVerifier asks `get imagestreams/layers` on the source. The check comes before the source is
 * looked up, so that the 403 is the same whether the source exists or not. Pure.
 */
import { StatusError, StatusReason, type StatusCause } from '../../api/status-error.js';
import { IMAGE_API_GROUP } from '../../api/types.js';
import type { RequestInfo } from '../http/request-info.js';
import type { UserInfo } from '../resources/resource-def.js';
import { decide, forbiddenFor } from './authorizer.js';

/** A stream another object copies from, and the field that names it. */
export interface SourceStream {
  namespace: string;
  name: string;
  field: string;
}

/** What reading a source stream takes, as OpenShift's SubjectAccessReview asks it. */
function sourceAccess(namespace: string, name: string): RequestInfo {
  return {
    verb: 'get',
    group: IMAGE_API_GROUP,
    version: 'v1',
    resource: 'imagestreams',
    subresource: 'layers',
    namespace,
    name,
  };
}

/**
 * 403 when the user may not read one of the sources: the RBAC authorizer's message for the first,
 * and one FieldValueForbidden cause per source, worded as OpenShift's TagVerifier words its field
 * error (`Forbidden: NS/STREAM`).
 */
export async function checkSourceAccess(
  user: UserInfo,
  target: { name: string; group: string; kind: string },
  sources: SourceStream[],
): Promise<void> {
  const denied: SourceStream[] = [];
  for (const s of sources)
    if (!(await decide(user, sourceAccess(s.namespace, s.name))).allowed) denied.push(s);
  const first = denied[0];
  if (!first) return;
  const causes: StatusCause[] = denied.map((s) => ({
    reason: 'FieldValueForbidden',
    field: s.field,
    message: `Forbidden: ${s.namespace}/${s.name}`,
  }));
  const message = forbiddenFor(user, sourceAccess(first.namespace, first.name)).message;
  throw new StatusError(403, StatusReason.Forbidden, message, { ...target, causes });
}
