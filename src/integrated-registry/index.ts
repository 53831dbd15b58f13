/** The integrated registry's public surface (`isctl serve --with-registry`). */
export { integratedRegistryExtension, type IntegratedRegistryExtension } from './extension.js';
export { MANAGED_IMAGE_ANNOTATION } from './stream-mapping.js';
export { measurePushToTagLatency, type PreparedPush } from './latency.js';
