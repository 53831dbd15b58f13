/** The integrated registry's public surface (`isctl serve --with-registry`). */
export {
  integratedRegistryExtension,
  integratedRegistryExtensionFromSettings,
  READINESS_CHECK,
  type IntegratedRegistryExtension,
} from './extension.js';
export {
  handleIntegratedRegistryPush,
  type IntegratedRegistryContext,
  type PushOutcome,
} from './push-handler.js';
export { parseRegistryEnvelope, streamOfRepository, MalformedEnvelopeError } from './events.js';
export type { IntegratedRegistryPushEvent, StreamPath } from './events.js';
export { MANAGED_IMAGE_ANNOTATION, createManagedImage, recordPushedTag } from './stream-mapping.js';
export { registryConfig, INTEGRATED_REGISTRY_NOTIFICATIONS_PATH } from './registry-config.js';
export {
  integratedRegistrySettingsFrom,
  DEFAULT_RESTART_POLICY,
  type IntegratedRegistrySettings,
  type RestartPolicy,
} from './settings.js';
export { PushResult } from './metrics.js';
export {
  measurePushToTagLatency,
  percentile,
  summarize,
  type PreparedPush,
  type PushLatencyOptions,
  type LatencySummary,
} from './latency.js';
export { INTEGRATED_REGISTRY_SERVE_FLAGS, DEFAULT_REGISTRY_LISTEN } from './serve-flags.js';
