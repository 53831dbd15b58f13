/**
 * Whether a WebhookTrigger fires, from the trigger and its stream alone (pure): once per new digest
 * of the tag's item 0, never for the digest it last fired for, never for a tag without history.
 * A paused trigger fires too: its rollout gate holds the digest (a Rollout `Waiting`, reason
 * `Paused`) until it is resumed. A tag moved back to an older digest (a rollback by re-tagging) is a change and
 * fires, so the receiver deploys what the tag now says.
 */
import { resolveTagImage, type ResolvedTagImage } from '../../api/tag-history.js';
import type { ImageStream } from '../../api/types.js';
import { followedTag, type WebhookTrigger } from './schema.js';

export const SkipReason = {
  NoStream: 'NoStream',
  NoHistory: 'NoHistory',
  Unchanged: 'Unchanged',
} as const;
export type SkipReason = (typeof SkipReason)[keyof typeof SkipReason];

export type WebhookDecision =
  | { fire: false; reason: SkipReason }
  | { fire: true; image: ResolvedTagImage; oldDigest: string | undefined };

export function decideWebhook(
  trigger: Pick<WebhookTrigger, 'metadata' | 'spec' | 'status'>,
  stream: ImageStream | undefined,
): WebhookDecision {
  if (!stream) return { fire: false, reason: SkipReason.NoStream };
  const image = resolveTagImage(stream, followedTag(trigger).tag);
  if (!image) return { fire: false, reason: SkipReason.NoHistory };
  const last = trigger.status?.lastDigest;
  if (last === image.digest) return { fire: false, reason: SkipReason.Unchanged };
  return { fire: true, image, oldDigest: trigger.status?.lastDeliveredDigest ?? last };
}
