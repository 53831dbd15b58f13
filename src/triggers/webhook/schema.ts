/**
 * `WebhookTrigger` (imagestreams.io/v1, namespaced): calls a URL with a signed CloudEvent once per
 * new digest of an image stream tag, so that any CI/CD system can deploy.
 *
 *   apiVersion: imagestreams.io/v1
 *   kind: WebhookTrigger
 *   metadata: { name: deploy-web, namespace: team-a }
 *   spec:
 *     from: { kind: ImageStreamTag, name: web:latest }   # namespace: defaults to the trigger's
 *     url: https://ci.example.com/hooks/deploy
 *     secretRef: { env: IMAGESTREAMS_WEBHOOK_SECRET_CI }  # optional: signs the body (HMAC-SHA256)
 *     paused: false
 *
 * The secret is never stored: the object only names an environment variable of the server, and
 * only variables with the IMAGESTREAMS_WEBHOOK_SECRET_ prefix, so an API user can neither read a
 * secret back nor make the server sign with an unrelated variable (e.g. a cloud credential).
 */
import { z } from 'zod';
import { ObjectMetaSchema } from '../../api/schema/common.js';
import { TRIGGERS_API_VERSION } from '../rollout-store.js';

export const WEBHOOK_TRIGGER_KIND = 'WebhookTrigger';
export const WEBHOOK_TRIGGER_API_VERSION = TRIGGERS_API_VERSION;
const WEBHOOK_SECRET_ENV_PREFIX = 'IMAGESTREAMS_WEBHOOK_SECRET_';

const STREAM_TAG = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?:[\w][\w.-]{0,127}$/;

export const WebhookTriggerSpecSchema = z.strictObject({
  from: z.strictObject({
    kind: z.literal('ImageStreamTag'),
    name: z.string().regex(STREAM_TAG, 'must be STREAM:TAG'),
    namespace: z.string().min(1).optional(),
  }),
  url: z.url({ protocol: /^https?$/ }),
  secretRef: z
    .strictObject({
      env: z
        .string()
        .regex(
          new RegExp(`^${WEBHOOK_SECRET_ENV_PREFIX}[A-Z0-9_]+$`),
          `must name an environment variable of the server starting with ${WEBHOOK_SECRET_ENV_PREFIX}`,
        ),
    })
    .optional(),
  paused: z.boolean().optional(),
});
export type WebhookTriggerSpec = z.output<typeof WebhookTriggerSpecSchema>;

export const DeliveryOutcome = { Success: 'Success', Failure: 'Failure' } as const;
export type DeliveryOutcome = (typeof DeliveryOutcome)[keyof typeof DeliveryOutcome];

/** Written by the controller only (the status subresource keeps users out of it). */
export const WebhookTriggerStatusSchema = z.object({
  /** the digest last fired for (delivered or not): the tag at this digest never fires again */
  lastDigest: z.string().optional(),
  /** the digest last delivered successfully */
  lastDeliveredDigest: z.string().optional(),
  lastResult: z.enum([DeliveryOutcome.Success, DeliveryOutcome.Failure]).optional(),
  /** HTTP attempts of the last delivery */
  attempts: z.number().int().optional(),
  /** the receiver's last HTTP status */
  lastStatus: z.number().int().optional(),
  /** why the last delivery failed (never holds the secret) */
  lastError: z.string().optional(),
  /** when the last delivery finished */
  lastTime: z.string().optional(),
  /** the CloudEvent id of the last delivery: receivers de-duplicate on it */
  lastEventId: z.string().optional(),
});
export type WebhookTriggerStatus = z.output<typeof WebhookTriggerStatusSchema>;

export const WebhookTriggerSchema = z.object({
  apiVersion: z.literal(WEBHOOK_TRIGGER_API_VERSION),
  kind: z.literal(WEBHOOK_TRIGGER_KIND),
  metadata: ObjectMetaSchema,
  spec: WebhookTriggerSpecSchema,
  status: WebhookTriggerStatusSchema.optional(),
});

export interface WebhookTrigger {
  apiVersion: typeof WEBHOOK_TRIGGER_API_VERSION;
  kind: typeof WEBHOOK_TRIGGER_KIND;
  metadata: z.output<typeof ObjectMetaSchema>;
  spec: WebhookTriggerSpec;
  status?: WebhookTriggerStatus;
  [field: string]: unknown;
}

/** The stream and tag a trigger follows; namespace defaults to the trigger's own. */
export function followedTag(t: Pick<WebhookTrigger, 'metadata' | 'spec'>): {
  namespace: string;
  stream: string;
  tag: string;
} {
  const name = t.spec.from.name;
  const colon = name.indexOf(':');
  return {
    namespace: t.spec.from.namespace ?? t.metadata.namespace ?? 'default',
    stream: name.slice(0, colon),
    tag: name.slice(colon + 1),
  };
}
