/**
 * Per-trigger webhooks as a server extension: serves `webhooktriggers` on every replica and runs
 * the controller only while this replica leads (a stopped controller's deliveries in flight are
 * abandoned without touching status, so the next leader delivers them).
 */
import { createEventRecorder } from '../../notifications/outbound/event-recorder.js';
import type { ServerExtension } from '../../server/serve.js';
import { whileLeader, type LeaderGated } from '../../controllers/while-leader.js';
import { logger } from '../../observability/logger.js';
import {
  startWebhookTriggerController,
  type WebhookTriggerController,
  type WebhookTriggerControllerOptions,
} from './controller.js';
import { webhookTriggerResource } from './resources.js';

const log = logger('triggers.webhook');

export type WebhookTriggerExtensionOptions = Omit<
  WebhookTriggerControllerOptions,
  'store' | 'isLeader' | 'events'
>;

export interface WebhookTriggerExtension extends ServerExtension {
  /** the running controller, while this replica leads */
  controller(): WebhookTriggerController | undefined;
}

export function webhookTriggerExtension(
  options: WebhookTriggerExtensionOptions = {},
): WebhookTriggerExtension {
  let gated: LeaderGated<WebhookTriggerController> | undefined;
  return {
    name: 'webhook-triggers',
    register(_app, ctx) {
      ctx.resources.add(webhookTriggerResource(ctx.store));
      gated = whileLeader(
        ctx.leader,
        () => {
          log.info('webhook trigger controller started');
          return startWebhookTriggerController({
            ...options,
            store: ctx.store,
            isLeader: () => ctx.leader.isLeader(),
            dockerImageRepositoryHost: () => ctx.settings.dockerImageRepositoryHost,
            events: createEventRecorder({ store: ctx.store }),
          });
        },
        'webhook-triggers',
      );
    },
    async close() {
      await gated?.stop();
    },
    controller: () => gated?.current(),
  };
}

/** For `isctl serve`: always on (a server without WebhookTrigger objects does nothing). */
export function webhookTriggerExtensionFromSettings(): Promise<ServerExtension> {
  return Promise.resolve(webhookTriggerExtension());
}
