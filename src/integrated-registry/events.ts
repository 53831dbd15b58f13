/**
 * From the registry's notification envelope to pushes of manifests, and from a repository path to
 * the stream it stands for. Pure.
 */
import { isDigest } from '../api/digest.js';
import { validateImageStreamName, validateNamespaceName } from '../api/names.js';
import { RegistryEnvelopeSchema, RegistryEventSchema, type RegistryEvent } from './schema.js';

/**
 * One manifest push, the shape `handleIntegratedRegistryPush` takes. It is a structural subset of
 * the notifications part's PushEvent, so that part can hand its events over unchanged.
 */
export interface IntegratedRegistryPushEvent {
  /** `NAMESPACE/STREAM` */
  repository: string;
  /** undefined for a push by digest */
  tag?: string;
  digest?: string;
  mediaType?: string;
  /** when the notification arrived (for the latency histogram) */
  receivedAt?: Date;
}

const MANIFEST_MEDIA_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
]);

/** The body is not a distribution envelope: the sender's fault (400). */
export class MalformedEnvelopeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MalformedEnvelopeError';
  }
}

function toPush(e: RegistryEvent, receivedAt: Date): IntegratedRegistryPushEvent | undefined {
  const mediaType = e.target.mediaType?.split(';')[0]?.trim();
  if (e.action !== 'push' || !mediaType || !MANIFEST_MEDIA_TYPES.has(mediaType)) return undefined;
  const digest = e.target.digest ?? undefined;
  if (!digest || !isDigest(digest)) return undefined;
  const push: IntegratedRegistryPushEvent = {
    repository: e.target.repository,
    digest,
    mediaType,
    receivedAt,
  };
  if (e.target.tag) push.tag = e.target.tag;
  return push;
}

/** The manifest pushes of an envelope, in order; everything else (blobs, pulls, deletes) is dropped. */
export function parseRegistryEnvelope(body: unknown, receivedAt: Date): IntegratedRegistryPushEvent[] {
  const envelope = RegistryEnvelopeSchema.safeParse(body);
  if (!envelope.success)
    throw new MalformedEnvelopeError(
      'the notification is not a distribution event envelope (no "events" list)',
      {
        cause: envelope.error,
      },
    );
  const out: IntegratedRegistryPushEvent[] = [];
  for (const raw of envelope.data.events) {
    const event = RegistryEventSchema.safeParse(raw);
    const push = event.success ? toPush(event.data, receivedAt) : undefined;
    if (push) out.push(push);
  }
  return out;
}

export interface StreamPath {
  namespace: string;
  stream: string;
}

/** `NAMESPACE/STREAM` as a stream, or the reason it is not one (OpenShift's registry path rule). */
export function streamOfRepository(repository: string): StreamPath | { reason: string } {
  const parts = repository.split('/');
  if (parts.length !== 2) return { reason: 'the repository path is not NAMESPACE/STREAM' };
  const [namespace = '', stream = ''] = parts;
  const bad = validateNamespaceName(namespace)[0] ?? validateImageStreamName(stream)[0];
  if (bad) return { reason: `the repository path is not a valid NAMESPACE/STREAM: ${bad}` };
  return { namespace, stream };
}
