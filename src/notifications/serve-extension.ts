/**
 * The notifications part as `isctl serve` runs it: the vendor endpoints of every replica store
 * accepted notifications as PendingImport work; the leader's worker feeds them to the importer
 * (found through the server context, registered before this extension). The worker and the
 * outbound side run on the leader only, so several replicas import and announce each move once.
 */
import { IMPORTER_CAPABILITY } from '../importer/index.js';
import { pushImportRequester } from '../importer/push-import.js';
import type { ServerExtension } from '../server/serve.js';
import { notificationsExtension, type NotificationsOptions } from './index.js';
import { serverWideChannels } from './channels/channel-config.js';
import type { RateLimit } from './channels/rate-limit.js';
import { loadOutboundConfig, type OutboundConfig } from './outbound/webhook-config.js';

const SECRET_ENV = {
  notificationsToken: 'IMAGESTREAMS_NOTIFICATIONS_TOKEN',
  dockerHubToken: 'IMAGESTREAMS_DOCKERHUB_WEBHOOK_TOKEN',
  quaySecret: 'IMAGESTREAMS_QUAY_WEBHOOK_SECRET',
  harborAuthorization: 'IMAGESTREAMS_HARBOR_WEBHOOK_AUTHORIZATION',
  githubSecret: 'IMAGESTREAMS_GITHUB_WEBHOOK_SECRET',
} as const;

/** the flags that tune rather than configure: delivery, events, coalescing */
function tuning(settings: Record<string, unknown>): NotificationsOptions {
  const out: NotificationsOptions = {};
  const channelOptions = deliverySettings(settings);
  if (channelOptions) out.channelOptions = channelOptions;
  if (settings.events === false) out.events = false;
  if (typeof settings.coalesceWindowMs === 'number') out.coalesceWindowMs = settings.coalesceWindowMs;
  return out;
}

/** --notify-dedupe-window and --notify-rate-limit, already parsed by their flags */
function deliverySettings(settings: Record<string, unknown>): NotificationsOptions['channelOptions'] {
  const out: NonNullable<NotificationsOptions['channelOptions']> = {};
  if (typeof settings.notifyDedupeWindowMs === 'number') out.dedupeWindowMs = settings.notifyDedupeWindowMs;
  if (isRateLimit(settings.notifyRateLimit)) out.rate = settings.notifyRateLimit;
  return Object.keys(out).length > 0 ? out : undefined;
}

function isRateLimit(value: unknown): value is RateLimit {
  const v = value as Partial<RateLimit> | undefined;
  return typeof v?.burst === 'number' && typeof v.intervalMs === 'number';
}

export async function notificationsOptionsFrom(
  settings: Record<string, unknown>,
): Promise<NotificationsOptions> {
  const options: NotificationsOptions = {};
  for (const [key, env] of Object.entries(SECRET_ENV) as [keyof typeof SECRET_ENV, string][]) {
    const value = (settings[key] as string | undefined) ?? process.env[env];
    if (value) options[key] = value;
  }
  if (typeof settings.notificationsRegistryHost === 'string')
    options.registryHost = settings.notificationsRegistryHost;
  const file: OutboundConfig =
    typeof settings.webhookConfig === 'string'
      ? await loadOutboundConfig(settings.webhookConfig)
      : { webhooks: [], notifications: [] };
  if (file.webhooks.length > 0) options.webhooks = file.webhooks;
  const notify = [
    ...(Array.isArray(settings.notify) ? (settings.notify as string[]) : []),
    // kept out of the process listing: IMAGESTREAMS_NOTIFY holds URLs separated by whitespace
    ...(process.env.IMAGESTREAMS_NOTIFY ?? '').split(/\s+/).filter((u) => u !== ''),
  ];
  // a bad URL stops the server here, naming --notify or the file's field (never the URL)
  const channels = serverWideChannels(notify, file.notifications, String(settings.webhookConfig ?? ''));
  if (channels.length > 0) options.channels = channels;
  return { ...options, ...tuning(settings) };
}

export async function notificationsExtensionFromSettings(
  settings: Record<string, unknown>,
): Promise<ServerExtension> {
  const options = await notificationsOptionsFrom(settings);
  let inner: ReturnType<typeof notificationsExtension> | undefined;
  return {
    name: 'notifications',
    async register(app, ctx) {
      const importer = ctx.capabilities.get(IMPORTER_CAPABILITY);
      const requester = importer
        ? pushImportRequester(importer.service, ctx.store)
        : {
            // --no-image-import: notifications are accepted and change nothing
            importTags: async () => undefined,
          };
      inner = notificationsExtension({ ...options, leader: ctx.leader }, requester);
      await inner.register(app, ctx);
    },
    async close() {
      await inner?.close?.();
    },
  };
}
