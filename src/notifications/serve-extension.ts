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
import { notificationsSettings, type NotificationsSettings } from './serve-flags.js';
import { loadOutboundConfig, type OutboundConfig } from './outbound/webhook-config.js';

const SECRET_ENV = {
  notificationsToken: 'IMAGESTREAMS_NOTIFICATIONS_TOKEN',
  dockerHubToken: 'IMAGESTREAMS_DOCKERHUB_WEBHOOK_TOKEN',
  quaySecret: 'IMAGESTREAMS_QUAY_WEBHOOK_SECRET',
  harborAuthorization: 'IMAGESTREAMS_HARBOR_WEBHOOK_AUTHORIZATION',
  githubSecret: 'IMAGESTREAMS_GITHUB_WEBHOOK_SECRET',
} as const;

/** the flags that tune rather than configure: delivery, events, coalescing */
function tuning(settings: NotificationsSettings): NotificationsOptions {
  const out: NotificationsOptions = {};
  const channelOptions: NonNullable<NotificationsOptions['channelOptions']> = {};
  if (settings.notifyDedupeWindowMs !== undefined)
    channelOptions.dedupeWindowMs = settings.notifyDedupeWindowMs;
  if (settings.notifyRateLimit !== undefined) channelOptions.rate = settings.notifyRateLimit;
  if (Object.keys(channelOptions).length > 0) out.channelOptions = channelOptions;
  if (settings.events === false) out.events = false;
  if (settings.coalesceWindowMs !== undefined) out.coalesceWindowMs = settings.coalesceWindowMs;
  return out;
}

export async function notificationsOptionsFrom(raw: Record<string, unknown>): Promise<NotificationsOptions> {
  const settings = notificationsSettings(raw);
  const options: NotificationsOptions = {};
  for (const [key, env] of Object.entries(SECRET_ENV) as [keyof typeof SECRET_ENV, string][]) {
    const value = settings[key] ?? process.env[env];
    if (value) options[key] = value;
  }
  if (settings.notificationsRegistryHost !== undefined)
    options.registryHost = settings.notificationsRegistryHost;
  const file: OutboundConfig =
    settings.webhookConfig !== undefined
      ? await loadOutboundConfig(settings.webhookConfig)
      : { webhooks: [], notifications: [] };
  if (file.webhooks.length > 0) options.webhooks = file.webhooks;
  const notify = [
    ...(settings.notify ?? []),
    // kept out of the process listing: IMAGESTREAMS_NOTIFY holds URLs separated by whitespace
    ...(process.env.IMAGESTREAMS_NOTIFY ?? '').split(/\s+/).filter((u) => u !== ''),
  ];
  // a bad URL stops the server here, naming --notify or the file's field (never the URL)
  const channels = serverWideChannels(notify, file.notifications, settings.webhookConfig ?? '');
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
