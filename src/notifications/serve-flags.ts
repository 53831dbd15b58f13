/**
 * The `isctl serve` flags of the notifications part (ServeFlag shape of
 * src/cli/commands/serve-flags.ts; structural; it imports only the parsers of its values). Vendor secrets
 * may also come from the environment, so they need not appear in a process listing:
 * IMAGESTREAMS_NOTIFICATIONS_TOKEN, IMAGESTREAMS_DOCKERHUB_WEBHOOK_TOKEN,
 * IMAGESTREAMS_QUAY_WEBHOOK_SECRET, IMAGESTREAMS_HARBOR_WEBHOOK_AUTHORIZATION,
 * IMAGESTREAMS_GITHUB_WEBHOOK_SECRET.
 */
import { z } from 'zod';
import {
  durationSetting,
  parsedSetting,
  parseSettings,
  switchSetting,
  textSetting,
  wholeNumberSetting,
} from '../api/settings-schema.js';
import { parseDedupeWindow, parseRateLimit } from './channels/delivery-settings.js';
import type { RateLimit } from './channels/rate-limit.js';

export const NOTIFICATIONS_SERVE_FLAGS = [
  {
    flags: '--notifications-token <token>',
    description:
      'the distribution registry notification endpoint (/notifications/distribution) accepts "Authorization: Bearer <token>"',
    option: 'notificationsToken',
  },
  {
    flags: '--notifications-registry-host <host[:port]>',
    description:
      'the registry host as image references name it, for distribution notifications (default: the event request host)',
    option: 'notificationsRegistryHost',
  },
  {
    flags: '--notifications-coalesce-window <ms>',
    description:
      'wait this long after a notification before importing its stream tag (default 0: at once; notifications arriving during an import always cause one more import)',
    option: 'coalesceWindowMs',
    parse: (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw new Error(`"${value}" is not a whole number of milliseconds`);
      return n;
    },
  },
  {
    flags: '--webhook-config <file>',
    description: 'outbound CloudEvents webhook subscriptions (YAML/JSON, see docs/notifications.md)',
    option: 'webhookConfig',
  },
  {
    flags: '--notify <url>',
    description:
      'a notification channel, shoutrrr-style (slack://, discord://, teams://, smtp://, ntfy://, gotify://, generic+https://); repeatable; see docs/notifications.md',
    option: 'notify',
    // collected as given (a URL may hold commas); checked when the server starts, so that an
    // error never quotes the URL, which commander would do for a parse error here
    parse: (value: string, previous: unknown) => [
      ...(Array.isArray(previous) ? (previous as string[]) : []),
      value,
    ],
  },
  {
    flags: '--notify-dedupe-window <duration>',
    description:
      'the same news (import failure, rollout, build, tag move) reaches a channel once in this window (Go duration; default 10m; 0: no de-duplication)',
    option: 'notifyDedupeWindowMs',
    parse: (value: string) => parseDedupeWindow(value),
  },
  {
    flags: '--notify-rate-limit <count/duration>',
    description:
      'how fast one channel sends: a burst of COUNT, then COUNT per DURATION (default 10/1m; 0 or none: no limit)',
    option: 'notifyRateLimit',
    parse: (value: string) => parseRateLimit(value),
  },
  {
    flags: '--no-events',
    description: 'do not write a Kubernetes Event for every tag move',
    option: 'events',
  },
];

function isRateLimit(value: unknown): value is RateLimit {
  const v = value as Partial<RateLimit> | undefined;
  return typeof v?.burst === 'number' && typeof v.intervalMs === 'number';
}

const secret = () => textSetting().optional();

export const NotificationsSettingsSchema = z.object({
  // vendor secrets (flags or the environment); errors never quote them
  notificationsToken: secret(),
  dockerHubToken: secret(),
  quaySecret: secret(),
  harborAuthorization: secret(),
  githubSecret: secret(),
  notificationsRegistryHost: textSetting().optional(),
  coalesceWindowMs: wholeNumberSetting(0).optional(),
  webhookConfig: textSetting().optional(),
  // URLs may hold commas: one text is one URL
  notify: z
    .union([z.array(z.string()), z.string().transform((u) => [u])], { error: 'must be channel URLs' })
    .optional(),
  notifyDedupeWindowMs: durationSetting().optional(),
  notifyRateLimit: parsedSetting(parseRateLimit, isRateLimit).optional(),
  events: switchSetting().optional(),
});
export type NotificationsSettings = z.output<typeof NotificationsSettingsSchema>;

/** The notifications settings, typed; throws naming the flag of a bad value (never quoting a secret). */
export function notificationsSettings(settings: Readonly<Record<string, unknown>>): NotificationsSettings {
  return parseSettings(NotificationsSettingsSchema, NOTIFICATIONS_SERVE_FLAGS, settings);
}
