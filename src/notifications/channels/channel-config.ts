/**
 * Server-wide channels: `--notify URL` (repeatable) and the `notifications:` section of the
 * `--webhook-config` file:
 *
 *   notifications:
 *     - url: slack://hook:AAAAAAAAA-BBBBBBBBB-CCCCCCCCCCCCCCCCCCCCCCCC@webhook
 *       name: ops                       # default notification-N
 *       events: [import-failing, import-recovered, rollout-failed]   # default: all but tag-moved
 *       namespaces: [team-a]            # default: every namespace
 *
 * A URL that cannot be used stops the server at startup with an error naming the flag or field
 * and what is wrong, never the URL.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Channel } from './channel.js';
import { parseChannelUrl } from './channel-url.js';
import { DEFAULT_NOTICE_EVENTS, parseNoticeEvents, type NoticeEvent } from './notice.js';

export const ChannelSettingSchema = z.object({
  name: z
    .string()
    .regex(/^[-._A-Za-z0-9]+$/, 'letters, digits, ".", "_" and "-" only')
    .optional(),
  url: z.string().min(1),
  events: z.union([z.string(), z.array(z.string())]).optional(),
  namespaces: z.array(z.string().min(1)).optional(),
});
export type ChannelSetting = z.infer<typeof ChannelSettingSchema>;

/** The user's fault: a channel setting cannot be used. Names the flag or field; never quotes the URL. */
export class ChannelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelConfigError';
  }
}

function channelFingerprint(url: string, events: readonly string[], namespaces?: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify([url, [...events].sort(), namespaces ?? null]))
    .digest('hex');
}

function eventsOf(events: ChannelSetting['events'], field: string): NoticeEvent[] {
  if (events === undefined) return [...DEFAULT_NOTICE_EVENTS];
  try {
    return parseNoticeEvents(events);
  } catch (e) {
    throw new ChannelConfigError(`${field}: ${(e as Error).message}`);
  }
}

/** One Channel from one setting; `field` names where it came from in errors. */
export function buildChannel(id: string, setting: ChannelSetting, field: string): Channel {
  let target;
  try {
    target = parseChannelUrl(setting.url);
  } catch (e) {
    throw new ChannelConfigError(`${field}: ${(e as Error).message}`);
  }
  const events = eventsOf(setting.events, field.replace(/\.url$/, '.events'));
  return {
    id,
    target,
    events: new Set(events),
    ...(setting.namespaces ? { namespaces: setting.namespaces } : {}),
    fingerprint: channelFingerprint(setting.url, events, setting.namespaces),
  };
}

/** `--notify` URLs then the file's entries, with unique ids. */
export function serverWideChannels(
  notify: readonly string[],
  entries: readonly ChannelSetting[],
  origin = 'webhook config',
): Channel[] {
  const channels = notify.map((url, i) => buildChannel(`notify-${i + 1}`, { url }, `--notify (#${i + 1})`));
  entries.forEach((entry, i) => {
    const id = entry.name ?? `notification-${i + 1}`;
    if (channels.some((c) => c.id === id))
      throw new ChannelConfigError(`${origin}: notifications[${i}].name "${id}" is used twice`);
    channels.push(buildChannel(id, entry, `${origin}: notifications[${i}].url`));
  });
  return channels;
}
