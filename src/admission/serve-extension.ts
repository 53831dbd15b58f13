/**
 * `POST /admission/image-lookup`: a mutating admission webhook for kube-apiserver that gives
 * Kubernetes workloads OpenShift's `lookupPolicy.local` (docs/kubernetes-admission.md). Served on
 * the API's listener behind the same authentication (the token file): kube-apiserver presents a
 * bearer token whose user may read image streams. A body that is not an AdmissionReview is 400;
 * anything else is answered `allowed: true`, with a patch or a warning (review.ts).
 */
import type { FastifyInstance } from 'fastify';
import { zodCauses } from '../api/decode.js';
import { badRequest } from '../api/status-error.js';
import { IMAGE_API_GROUP } from '../api/types.js';
import { isAdmissionCaller } from '../server/auth/admission-callers.js';
import { userOf } from '../server/auth/auth-plugin.js';
import { decide } from '../server/auth/authorizer.js';
import { withDockerImageRepository } from '../api/image-stream-repository.js';
import type { ServerExtension } from '../server/serve.js';
import type { ServerContext } from '../server/server-context.js';
import { IMAGE_STREAMS } from '../store/resource-types.js';
import { reviewImageLookup, type ReviewDeps } from './review.js';
import { AdmissionReviewSchema } from './schema.js';

export const IMAGE_LOOKUP_PATH = '/admission/image-lookup';
/** an AdmissionReview carries the object (etcd holds at most 1.5 MiB) and, on update, the old one */
export const ADMISSION_MAX_BODY_BYTES = 3 * 1024 * 1024 + 64 * 1024;

function parseReview(body: unknown): AdmissionReviewSchema {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest(
      'the body of an admission webhook request must be an admission.k8s.io/v1 AdmissionReview',
    );
  const parsed = AdmissionReviewSchema.safeParse(body);
  if (!parsed.success)
    throw badRequest('the body is not an admission.k8s.io/v1 AdmissionReview', zodCauses(parsed.error));
  return parsed.data;
}

function reviewDeps(ctx: ServerContext, mayRead: (namespace: string) => Promise<boolean>): ReviewDeps {
  const decorate = withDockerImageRepository(() => ctx.settings.dockerImageRepositoryHost);
  return {
    log: ctx.log,
    mayReadStreams: mayRead,
    async getStream(namespace, name) {
      const obj = await ctx.store.get(IMAGE_STREAMS, namespace, name);
      return obj ? decorate(obj) : undefined;
    },
  };
}

export function installImageLookupRoute(app: FastifyInstance, ctx: ServerContext): void {
  app.post(IMAGE_LOOKUP_PATH, { bodyLimit: ADMISSION_MAX_BODY_BYTES }, async (request) => {
    const review = parseReview(request.body);
    const user = userOf(request);
    const byCluster = isAdmissionCaller(request);
    const mayRead = async (namespace: string) =>
      byCluster ||
      (
        await decide(user, {
          verb: 'get',
          group: IMAGE_API_GROUP,
          version: 'v1',
          resource: 'imagestreams',
          namespace,
        })
      ).allowed;
    return reviewImageLookup(review.request, reviewDeps(ctx, mayRead));
  });
}

export function imageLookupAdmissionExtension(): ServerExtension {
  return {
    name: 'image-lookup-admission',
    register(app, ctx) {
      installImageLookupRoute(app, ctx);
    },
  };
}

/** For `isctl serve`: always on (kube-apiserver calls it only when a webhook configuration says so). */
export function imageLookupAdmissionExtensionFromSettings(): Promise<ServerExtension> {
  return Promise.resolve(imageLookupAdmissionExtension());
}
