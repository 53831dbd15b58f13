/** Quay "Repository Push" notifications: one event per updated tag of `docker_url`. */
import { parsePayload } from './parse.js';
import { digestOrUndefined, PushSource, type PushEvent } from './push-event.js';
import { normalizeRepository, splitPullReference } from './registry-host.js';
import { QuayPayloadSchema } from './schema.js';

function updatedTags(
  tags: string[] | Record<string, string> | null | undefined,
): Array<[string, string | undefined]> {
  if (!tags) return [];
  if (Array.isArray(tags)) return tags.map((t) => [t, undefined]);
  return Object.entries(tags);
}

export function parseQuayNotification(body: unknown, receivedAt: Date): PushEvent[] {
  const payload = parsePayload(QuayPayloadSchema, body, 'Quay');
  const ref = splitPullReference(payload.docker_url);
  const host = ref.host ?? 'quay.io';
  const repository = normalizeRepository(host, ref.host ? ref.repository : payload.repository);
  return updatedTags(payload.updated_tags).map(([tag, id]) => {
    const event: PushEvent = { registryHost: host, repository, tag, source: PushSource.Quay, receivedAt };
    const digest = digestOrUndefined(id);
    if (digest) event.digest = digest;
    return event;
  });
}
