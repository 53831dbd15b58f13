/**
 * Per-trigger webhooks as a server extension: serves `webhooktriggers` on every replica and runs
 * the controller only while this replica leads (a stopped controller's deliveries in flight are
 * abandoned without touching status, so the next leader delivers them).
 */
import { createEventRecorder } from '../../notifications/outbound/event-recorder.js';
import type { ServerContext } from '../../server/server-context.js';
import type { ServerExtension } from '../../server/serve.js';
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
  let controller: WebhookTriggerController | undefined;
  let transitions: Promise<void> = Promise.resolve();
  let closed = false;

  const follow = (ctx: ServerContext, leading: boolean) => {
    transitions = transitions
      .then(async () => {
        if (leading && !closed && !controller) {
          controller = startWebhookTriggerController({
            ...options,
            store: ctx.store,
            isLeader: () => ctx.leader.isLeader(),
            dockerImageRepositoryHost: () => ctx.settings.dockerImageRepositoryHost,
            events: createEventRecorder({ store: ctx.store }),
          });
          log.info('webhook trigger controller started');
        } else if (!leading && controller) {
          const running = controller;
          controller = undefined;
          await running.stop();
        }
      })
      .catch((err: unknown) => log.error({ err }, 'webhook trigger controller transition failed'));
  };

  return {
    name: 'webhook-triggers',
    register(_app, ctx) {
      ctx.resources.add(webhookTriggerResource(ctx.store));
      ctx.leader.onChange((leading) => follow(ctx, leading));
      if (ctx.leader.isLeader()) follow(ctx, true);
    },
    async close() {
      closed = true;
      await transitions;
      await controller?.stop();
      controller = undefined;
    },
    controller: () => controller,
  };
}

/** For `isctl serve`: always on (a server without WebhookTrigger objects does nothing). */
export function webhookTriggerExtensionFromSettings(): Promise<ServerExtension> {
  return Promise.resolve(webhookTriggerExtension());
}
