/** Harbor webhooks (default payload format): PUSH_ARTIFACT with one resource per pushed tag. */
import { parsePayload } from './parse.js';
import { digestOrUndefined, PushSource, type PushEvent } from './push-event.js';
import { normalizeRepository, splitPullReference } from './registry-host.js';
import { HarborPayloadSchema } from './schema.js';

export function parseHarborWebhook(body: unknown, receivedAt: Date, defaultHost?: string): PushEvent[] {
  const payload = parsePayload(HarborPayloadSchema, body, 'Harbor');
  if (payload.type !== 'PUSH_ARTIFACT' || !payload.event_data) return [];
  const repository = payload.event_data.repository.repo_full_name;
  return (payload.event_data.resources ?? []).map((resource) => {
    const host = resource.resource_url ? splitPullReference(resource.resource_url).host : undefined;
    const registryHost = host ?? defaultHost;
    const event: PushEvent = {
      repository: normalizeRepository(registryHost, repository),
      source: PushSource.Harbor,
      receivedAt,
    };
    if (registryHost) event.registryHost = registryHost;
    if (resource.tag) event.tag = resource.tag;
    const digest = digestOrUndefined(resource.digest);
    if (digest) event.digest = digest;
    return event;
  });
}
