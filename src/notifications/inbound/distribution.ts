/**
 * CNCF distribution (docker-registry) notifications: an envelope of events, of which only
 * manifest pushes matter. Blob pushes, pulls, mounts and deletes are ignored.
 */
import { parsePayload } from './parse.js';
import { digestOrUndefined, PushSource, type PushEvent } from './push-event.js';
import { DistributionEnvelopeSchema, DistributionEventSchema, type DistributionEvent } from './schema.js';

export const DISTRIBUTION_EVENTS_MEDIA_TYPE = 'application/vnd.docker.distribution.events.v1+json';

const MANIFEST_MEDIA_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
]);

function isManifestMediaType(mediaType: string | null | undefined): boolean {
  return !!mediaType && MANIFEST_MEDIA_TYPES.has(mediaType.split(';')[0]!.trim());
}

export interface DistributionParseOptions {
  receivedAt: Date;
  /** the registry's host as image references name it; default: the host the pusher used */
  registryHost?: string;
}

function toPushEvent(e: DistributionEvent, options: DistributionParseOptions): PushEvent | undefined {
  if (e.action !== 'push' || !isManifestMediaType(e.target.mediaType)) return undefined;
  const event: PushEvent = {
    repository: e.target.repository,
    source: PushSource.Distribution,
    receivedAt: options.receivedAt,
  };
  const host = options.registryHost ?? e.request?.host ?? undefined;
  if (host) event.registryHost = host;
  if (e.target.tag) event.tag = e.target.tag;
  const digest = digestOrUndefined(e.target.digest);
  if (digest) event.digest = digest;
  if (e.target.mediaType) event.mediaType = e.target.mediaType;
  return event;
}

export function parseDistributionNotification(body: unknown, options: DistributionParseOptions): PushEvent[] {
  const envelope = parsePayload(DistributionEnvelopeSchema, body, 'distribution');
  const out: PushEvent[] = [];
  for (const raw of envelope.events) {
    const parsed = DistributionEventSchema.safeParse(raw);
    if (!parsed.success) continue;
    const event = toPushEvent(parsed.data, options);
    if (event) out.push(event);
  }
  return out;
}
