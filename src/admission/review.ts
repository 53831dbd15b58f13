/**
 * One AdmissionReview answered. The lookup never refuses a workload: whatever goes wrong (an
 * object it cannot read, a store that fails, a caller who may not read the namespace's streams)
 * the answer is `allowed: true` without a patch and with a warning, so a workload is never
 * blocked by image streams (the shipped webhook configuration says `failurePolicy: Ignore` too).
 */
import type { Logger } from '../observability/logger.js';
import { lookupImages } from './image-lookup.js';
import {
  ADMISSION_API_VERSION,
  type AdmissionRequestSchema,
  type AdmissionResponse,
  type AdmissionReviewResponse,
} from './schema.js';
import { namespaceResolver, type StreamGetter } from './stream-lookup.js';
import { valueAt, workloadShape } from './workload-kinds.js';

export interface ReviewDeps {
  getStream: StreamGetter;
  /** whether the caller may read image streams in the namespace */
  mayReadStreams(namespace: string): Promise<boolean>;
  log: Logger;
}

const REWRITTEN_OPERATIONS = new Set(['CREATE', 'UPDATE']);
const REWRITTEN_SUBRESOURCES = new Set(['', 'ephemeralcontainers']);

function reviewOf(response: AdmissionResponse): AdmissionReviewResponse {
  return { apiVersion: ADMISSION_API_VERSION, kind: 'AdmissionReview', response };
}

function namespaceOf(request: AdmissionRequestSchema): string | undefined {
  if (request.namespace) return request.namespace;
  const ns = valueAt(request.object, ['metadata', 'namespace']);
  return typeof ns === 'string' && ns !== '' ? ns : undefined;
}

async function respond(request: AdmissionRequestSchema, deps: ReviewDeps): Promise<AdmissionResponse> {
  const allowed: AdmissionResponse = { uid: request.uid, allowed: true };
  const shape = workloadShape(request.kind.group, request.kind.kind);
  if (!shape || !REWRITTEN_OPERATIONS.has(request.operation)) return allowed;
  if (!REWRITTEN_SUBRESOURCES.has(request.subResource ?? '')) return allowed;
  if (request.operation === 'UPDATE' && !shape.rewriteOnUpdate) return allowed;
  const namespace = namespaceOf(request);
  if (!namespace) return allowed;
  if (!(await deps.mayReadStreams(namespace)))
    return {
      ...allowed,
      warnings: [`image lookup skipped: the webhook's caller may not read image streams in "${namespace}"`],
    };
  const outcome = await lookupImages(request.object, shape, namespaceResolver(namespace, deps.getStream));
  return {
    ...allowed,
    ...(outcome.operations.length > 0
      ? {
          patchType: 'JSONPatch' as const,
          patch: Buffer.from(JSON.stringify(outcome.operations)).toString('base64'),
        }
      : {}),
    ...(outcome.warnings.length > 0 ? { warnings: outcome.warnings } : {}),
  };
}

/** The answer to one AdmissionReview's request; never throws. */
export async function reviewImageLookup(
  request: AdmissionRequestSchema,
  deps: ReviewDeps,
): Promise<AdmissionReviewResponse> {
  try {
    return reviewOf(await respond(request, deps));
  } catch (err) {
    deps.log.warn({ err, uid: request.uid }, 'image lookup failed; the workload is admitted unchanged');
    return reviewOf({
      uid: request.uid,
      allowed: true,
      warnings: ['image lookup failed; images are left as written (see the imagestreams server log)'],
    });
  }
}
