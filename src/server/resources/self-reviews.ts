/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview and SelfSubjectRulesReview (create only, never
 * stored): `kubectl auth can-i VERB RESOURCE` and `kubectl auth can-i --list` ask what the caller's
 * token may do, and the answer comes from the authorizer's own decision (auth/access-review.ts).
 */
import { z } from 'zod';
import { zodCauses } from '../../api/decode.js';
import type { KubeObject, ObjectMeta } from '../../api/object.js';
import { invalid } from '../../api/status-error.js';
import {
  reviewNonResourceAccess,
  reviewResourceAccess,
  reviewRules,
  type ServedResource,
} from '../auth/access-review.js';
import { prepareInput } from './input.js';
import type { RequestScope, ResourceDef } from './resource-def.js';

const AUTHORIZATION_GROUP = 'authorization.k8s.io';
const API_VERSION = `${AUTHORIZATION_GROUP}/v1`;

const text = z.string().optional();
const meta = z.looseObject({}).optional();

const accessReviewSchema = z.object({
  apiVersion: text,
  kind: text,
  metadata: meta,
  spec: z.object({
    resourceAttributes: z
      .object({
        namespace: text,
        verb: text,
        group: text,
        version: text,
        resource: text,
        subresource: text,
        name: text,
        fieldSelector: z.unknown().optional(),
        labelSelector: z.unknown().optional(),
      })
      .optional(),
    nonResourceAttributes: z.object({ path: text, verb: text }).optional(),
  }),
  status: z.unknown().optional(),
});

const rulesReviewSchema = z.object({
  apiVersion: text,
  kind: text,
  metadata: meta,
  spec: z.object({ namespace: text }),
  status: z.unknown().optional(),
});

/** Reviews are not stored and have no name: Kubernetes answers with empty metadata. */
const NO_METADATA = (): ObjectMeta => ({}) as ObjectMeta;

function parse<S extends z.ZodType>(schema: S, kind: string, resource: string, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw invalid({ group: AUTHORIZATION_GROUP, kind, resource }, zodCauses(result.error));
  return result.data;
}

function accessReview(served: () => ServedResource[]) {
  return async (scope: RequestScope, body: unknown): Promise<KubeObject> => {
    const target = { apiVersion: API_VERSION, kind: 'SelfSubjectAccessReview', namespaced: false };
    const review = parse(
      accessReviewSchema,
      target.kind,
      'selfsubjectaccessreviews',
      prepareInput(body, target, scope),
    );
    const { resourceAttributes: r, nonResourceAttributes: n } = review.spec;
    if ((r === undefined) === (n === undefined)) {
      throw invalid({ group: AUTHORIZATION_GROUP, kind: target.kind, resource: 'selfsubjectaccessreviews' }, [
        {
          reason: 'FieldValueInvalid',
          message:
            'Invalid value: exactly one of nonResourceAttributes or resourceAttributes must be specified',
          field: 'spec.resourceAttributes',
        },
      ]);
    }
    const status = r
      ? reviewResourceAccess(scope.user, r, served())
      : reviewNonResourceAccess(scope.user, n ?? {});
    return {
      ...review,
      apiVersion: API_VERSION,
      kind: target.kind,
      metadata: NO_METADATA(),
      status,
    };
  };
}

function rulesReview(served: () => ServedResource[]) {
  return async (scope: RequestScope, body: unknown): Promise<KubeObject> => {
    const target = { apiVersion: API_VERSION, kind: 'SelfSubjectRulesReview', namespaced: false };
    const review = parse(
      rulesReviewSchema,
      target.kind,
      'selfsubjectrulesreviews',
      prepareInput(body, target, scope),
    );
    const status = reviewRules(scope.user, review.spec.namespace ?? '', served());
    return {
      ...review,
      apiVersion: API_VERSION,
      kind: target.kind,
      metadata: NO_METADATA(),
      status,
    };
  };
}

/** `served` lists the resources at the time of the review (extensions add theirs after start). */
export function selfReviewResources(served: () => ServedResource[]): ResourceDef[] {
  const def = (resource: string, kind: string, create: ResourceDef['handler']['create']): ResourceDef => ({
    group: AUTHORIZATION_GROUP,
    version: 'v1',
    resource,
    singularName: '',
    kind,
    namespaced: false,
    verbs: ['create'],
    handler: { create },
  });
  return [
    def('selfsubjectaccessreviews', 'SelfSubjectAccessReview', accessReview(served)),
    def('selfsubjectrulesreviews', 'SelfSubjectRulesReview', rulesReview(served)),
  ];
}
