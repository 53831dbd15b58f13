/**
 * A namespace's own channels: every Secret of type `imagestreams.io/notification-channels` in it.
 * Each data key is one channel (its value the URL); the optional annotation
 * `imagestreams.io/notify-events` (comma-separated) chooses the events, by default all but
 * tag-moved. Secret data is write-only through the API, so the URLs' credentials are never read
 * back. Checked on write (channelSecretProblems, used by the Secret strategy) and again here.
 */
import type { SecretObject } from '../../api/secret.js';
import type { Channel } from './channel.js';
import { buildChannel } from './channel-config.js';

export const CHANNEL_SECRET_TYPE = 'imagestreams.io/notification-channels';
const NOTIFY_EVENTS_ANNOTATION = 'imagestreams.io/notify-events';

export interface ChannelProblem {
  field: string;
  message: string;
}

interface ChannelSecret {
  namespace: string;
  name: string;
  data: Record<string, string>;
  events?: string;
}

function decoded(data: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]),
  );
}

function channelsOf(secret: ChannelSecret): { channels: Channel[]; problems: ChannelProblem[] } {
  const channels: Channel[] = [];
  const problems: ChannelProblem[] = [];
  for (const [key, url] of Object.entries(secret.data)) {
    const field = `data[${key}]`;
    try {
      const ch = buildChannel(
        `${secret.namespace}/${secret.name}/${key}`,
        {
          url,
          ...(secret.events !== undefined ? { events: secret.events } : {}),
          namespaces: [secret.namespace],
        },
        field,
      );
      channels.push(ch);
    } catch (e) {
      const message = (e as Error).message.replace(`${field}: `, '');
      const onEvents = message.startsWith('unknown event');
      problems.push({
        field: onEvents ? `metadata.annotations[${NOTIFY_EVENTS_ANNOTATION}]` : field,
        message,
      });
    }
  }
  return { channels, problems };
}

/** Problems of a channel Secret as written (`data` base64, as stored). Pure. */
export function channelSecretProblems(
  data: Record<string, string> | undefined,
  annotations: Record<string, string> | undefined,
): ChannelProblem[] {
  const events = annotations?.[NOTIFY_EVENTS_ANNOTATION];
  const { problems } = channelsOf({
    namespace: 'ns',
    name: 'secret',
    data: decoded(data),
    ...(events !== undefined ? { events } : {}),
  });
  return [...new Map(problems.map((p) => [p.field, p])).values()];
}

/** The channels of a stored Secret (none when it is not a channel Secret), and what was skipped. */
export function secretChannels(secret: SecretObject): { channels: Channel[]; problems: ChannelProblem[] } {
  if (secret.type !== CHANNEL_SECRET_TYPE) return { channels: [], problems: [] };
  const annotations = secret.metadata.annotations;
  const events = annotations?.[NOTIFY_EVENTS_ANNOTATION];
  return channelsOf({
    namespace: secret.metadata.namespace ?? 'default',
    name: secret.metadata.name,
    data: decoded(secret.data),
    ...(events !== undefined ? { events } : {}),
  });
}
