export {
  WEBHOOK_TRIGGER_KIND,
  WEBHOOK_TRIGGER_API_VERSION,
  WEBHOOK_SECRET_ENV_PREFIX,
  DeliveryOutcome,
  WebhookTriggerSchema,
  followedTag,
  type WebhookTrigger,
  type WebhookTriggerSpec,
  type WebhookTriggerStatus,
} from './schema.js';
export { decideWebhook, SkipReason, type WebhookDecision } from './decide.js';
export { TRIGGER_FIRED_TYPE, triggerFiredEvent, firedEventId, type TriggerFiredData } from './fired-event.js';
export { deliverEvent, redactError, type DeliveryOutcomeRecord } from './deliver.js';
export { resolveSecret } from './secrets.js';
export { webhookTriggerStrategy } from './strategy.js';
export { webhookTriggerResource, webhookTriggerCells } from './resources.js';
export {
  startWebhookTriggerController,
  type WebhookTriggerController,
  type WebhookTriggerControllerOptions,
} from './controller.js';
export {
  webhookTriggerExtension,
  webhookTriggerExtensionFromSettings,
  type WebhookTriggerExtension,
  type WebhookTriggerExtensionOptions,
} from './serve-extension.js';
