/**
 * The CloudEvent a WebhookTrigger sends. Its data is the outbound `tag.updated` data plus the
 * trigger's name, so the shared signer (toHttpMessage: CloudEvents over HTTP + HMAC-SHA256) is used
 * as is. The id is derived from the trigger's uid and the digest: a delivery repeated after a
 * server restart carries the same id, and receivers de-duplicate on it.
 */
import { createHash } from 'node:crypto';
import { CloudEvent } from 'cloudevents';
import type { TagUpdatedData } from '../../notifications/outbound/cloudevent.js';

export const TRIGGER_FIRED_TYPE = 'io.imagestreams.trigger.fired';

export interface TriggerFiredData extends TagUpdatedData {
  /** the WebhookTrigger's name (in `namespace`) */
  trigger: string;
  /** the trigger's own namespace (the stream's may differ) */
  triggerNamespace: string;
}

function triggerSource(namespace: string, name: string): string {
  return `/apis/imagestreams.io/v1/namespaces/${namespace}/webhooktriggers/${name}`;
}

function firedEventId(uid: string, digest: string): string {
  return createHash('sha256').update(`${uid}\n${digest}`).digest('hex').slice(0, 32);
}

export function triggerFiredEvent(
  data: TriggerFiredData,
  uid: string,
  time: Date,
): CloudEvent<TriggerFiredData> {
  return new CloudEvent<TriggerFiredData>({
    id: firedEventId(uid, data.newDigest),
    type: TRIGGER_FIRED_TYPE,
    source: triggerSource(data.triggerNamespace, data.trigger),
    subject: `${data.stream}:${data.tag}`,
    time: time.toISOString(),
    datacontenttype: 'application/json',
    data,
  });
}
