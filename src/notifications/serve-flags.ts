/**
 * The `isctl serve` flags of the notifications part (ServeFlag shape of
 * src/cli/commands/serve-flags.ts; structural; it imports only the parsers of its values). Vendor secrets
 * may also come from the environment, so they need not appear in a process listing:
 * IMAGESTREAMS_NOTIFICATIONS_TOKEN, IMAGESTREAMS_DOCKERHUB_WEBHOOK_TOKEN,
 * IMAGESTREAMS_QUAY_WEBHOOK_SECRET, IMAGESTREAMS_HARBOR_WEBHOOK_AUTHORIZATION,
 * IMAGESTREAMS_GITHUB_WEBHOOK_SECRET.
 */
import { parseDedupeWindow, parseRateLimit } from './channels/delivery-settings.js';

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
