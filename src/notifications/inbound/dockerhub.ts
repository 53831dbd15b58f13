/** Docker Hub repository webhooks: one push of `repo_name:tag`, without a digest. */
import { parsePayload } from './parse.js';
import { PushSource, type PushEvent } from './push-event.js';
import { DOCKER_HUB_HOST, normalizeRepository } from './registry-host.js';
import { DockerHubPayloadSchema } from './schema.js';

export function parseDockerHubWebhook(body: unknown, receivedAt: Date): PushEvent[] {
  const payload = parsePayload(DockerHubPayloadSchema, body, 'Docker Hub');
  const event: PushEvent = {
    registryHost: DOCKER_HUB_HOST,
    repository: normalizeRepository(DOCKER_HUB_HOST, payload.repository.repo_name),
    source: PushSource.DockerHub,
    receivedAt,
  };
  if (payload.push_data.tag) event.tag = payload.push_data.tag;
  return [event];
}
