/**
 * Every kind of object the store holds, in one place: the server's resources, the importer,
 * notifications and triggers write through these, and `isctl migrate` copies exactly this list.
 */
import type { Image, ImageStream } from '../api/types.js';
import type { BuildBinaryObject } from '../builds/binary/stored-binary.js';
import type { BuildLogObject } from '../builds/build-log.js';
import type { Build, BuildConfig } from '../builds/schema.js';
import type { EventObject } from '../notifications/outbound/event-recorder.js';
import type { SecretObject } from '../api/secret.js';
import type { Rollout, TriggerStateObject } from '../triggers/rollout-objects.js';
import type { WebhookTrigger } from '../triggers/webhook/schema.js';
import type { ResourceType } from './store.js';

export const NAMESPACES: ResourceType = { group: '', resource: 'namespaces', namespaced: false };
export const EVENTS: ResourceType<EventObject> = { group: '', resource: 'events', namespaced: true };
/** core/v1 Secrets: the namespaces' registry pull secrets (data stored as sent, as Kubernetes does) */
export const SECRETS: ResourceType<SecretObject> = { group: '', resource: 'secrets', namespaced: true };
export const IMAGE_STREAMS: ResourceType<ImageStream> = {
  group: 'image.openshift.io',
  resource: 'imagestreams',
  namespaced: true,
};
export const IMAGES: ResourceType<Image> = {
  group: 'image.openshift.io',
  resource: 'images',
  namespaced: false,
};
/** the trigger controller's rollout records and per-target trigger state (src/triggers) */
export const ROLLOUTS: ResourceType<Rollout> = {
  group: 'imagestreams.io',
  resource: 'rollouts',
  namespaced: true,
};
export const TRIGGER_STATES: ResourceType<TriggerStateObject> = {
  group: 'imagestreams.io',
  resource: 'triggerstates',
  namespaced: true,
};

/** per-trigger webhooks (src/triggers/webhook) */
export const WEBHOOK_TRIGGERS: ResourceType<WebhookTrigger> = {
  group: 'imagestreams.io',
  resource: 'webhooktriggers',
  namespaced: true,
};
/** BuildConfigs and Builds (src/builds), served as build.openshift.io/v1 */
export const BUILD_CONFIGS: ResourceType<BuildConfig> = {
  group: 'build.openshift.io',
  resource: 'buildconfigs',
  namespaced: true,
};
export const BUILDS: ResourceType<Build> = {
  group: 'build.openshift.io',
  resource: 'builds',
  namespaced: true,
};
/** a build's output, one object per build, written by the executor (bounded) */
export const BUILD_LOGS: ResourceType<BuildLogObject> = {
  group: 'imagestreams.io',
  resource: 'buildlogs',
  namespaced: true,
};
/** a binary build's uploaded source, one per build, deleted once the build has read it (bounded) */
export const BUILD_BINARIES: ResourceType<BuildBinaryObject> = {
  group: 'imagestreams.io',
  resource: 'buildbinaries',
  namespaced: true,
};

/** where scheduled import checkpoints "every due check was done up to T" (src/importer/schedule) */
export const SCHEDULE_CHECKPOINTS: ResourceType = {
  group: 'imagestreams.io',
  resource: 'scheduledimportcheckpoints',
  namespaced: false,
};

/**
 * registry notifications accepted but not yet imported (src/notifications/work): one per stream
 * tag, written before the notification is answered, deleted by the leader after the import
 */
export const PENDING_IMPORTS: ResourceType = {
  group: 'imagestreams.io',
  resource: 'pendingimports',
  namespaced: true,
};

/** in dependency order: namespaces before what lives in them, images before streams pointing at them */
export const STORED_TYPES: readonly ResourceType[] = [
  NAMESPACES,
  IMAGES,
  IMAGE_STREAMS,
  EVENTS,
  SECRETS,
  ROLLOUTS,
  TRIGGER_STATES,
  WEBHOOK_TRIGGERS,
  PENDING_IMPORTS,
  BUILD_CONFIGS,
  BUILDS,
  BUILD_LOGS,
  BUILD_BINARIES,
];

/**
 * The types the API server's watch cache holds (store/watch-cache): the ones clients read. Build
 * logs and binaries (large, read once) and the controllers' own records are read from the store.
 */
export const WATCH_CACHED_TYPES: readonly ResourceType[] = [
  NAMESPACES,
  IMAGES,
  IMAGE_STREAMS,
  EVENTS,
  SECRETS,
  BUILD_CONFIGS,
  BUILDS,
];
