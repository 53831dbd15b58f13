/**
 * Tag changes as CloudEvents 1.0 over HTTP (the `cloudevents` package), signed like GitHub
 * signs its webhooks: `X-Imagestreams-Signature: sha256=<hex HMAC-SHA256(secret, body)>` over
 * the exact body bytes sent. In structured mode the body carries the whole event (id, type,
 * source, ...), so the signature covers them; in binary mode it covers the data only.
 */
import { CloudEvent, HTTP } from 'cloudevents';
import { hmacSha256Signature } from '../inbound/secrets.js';
import type { TagChange } from './tag-changes.js';

const TAG_UPDATED_TYPE = 'io.imagestreams.tag.updated';
export const SIGNATURE_HEADER = 'x-imagestreams-signature';

export const CloudEventMode = { Structured: 'structured', Binary: 'binary' } as const;
export type CloudEventMode = (typeof CloudEventMode)[keyof typeof CloudEventMode];

export interface TagUpdatedData {
  namespace: string;
  stream: string;
  tag: string;
  oldDigest: string | null;
  newDigest: string;
  dockerImageReference: string;
}

function streamSource(namespace: string, stream: string): string {
  return `/apis/image.openshift.io/v1/namespaces/${namespace}/imagestreams/${stream}`;
}

export function tagUpdatedEvent(change: TagChange, time: Date): CloudEvent<TagUpdatedData> {
  return new CloudEvent<TagUpdatedData>({
    type: TAG_UPDATED_TYPE,
    source: streamSource(change.namespace, change.stream),
    subject: `${change.stream}:${change.tag}`,
    time: time.toISOString(),
    datacontenttype: 'application/json',
    data: {
      namespace: change.namespace,
      stream: change.stream,
      tag: change.tag,
      oldDigest: change.oldDigest ?? null,
      newDigest: change.newDigest,
      dockerImageReference: change.dockerImageReference,
    },
  });
}

export interface OutboundMessage {
  headers: Record<string, string>;
  body: string;
}

/** The HTTP request for one event: CloudEvents headers and body, plus the signature when there is a secret. */
export function toHttpMessage<T>(
  event: CloudEvent<T>,
  mode: CloudEventMode,
  secret: string | undefined,
): OutboundMessage {
  const message = mode === CloudEventMode.Binary ? HTTP.binary(event) : HTTP.structured(event);
  const body = typeof message.body === 'string' ? message.body : JSON.stringify(message.body);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers))
    if (typeof v === 'string') headers[k.toLowerCase()] = v;
  if (secret) headers[SIGNATURE_HEADER] = hmacSha256Signature(secret, body);
  return { headers, body };
}
