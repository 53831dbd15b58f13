/**
 * Registry notifications in, tag events out. `startNotifications` is the one call the server
 * makes: it adds the inbound webhook routes to the fastify app and starts the outbound side
 * (Kubernetes Events and CloudEvents webhooks for every tag move).
 */
import type { FastifyInstance } from 'fastify';
import type { LeaderElector } from '../controllers/leader-election.js';
import type { Store } from '../store/store.js';
import type { ServerExtension } from '../server/serve.js';
import { realTimers, type Timers } from './clock.js';
import { PushCoalescer } from './inbound/coalescer.js';
import type { ImportRequester } from './inbound/import-requester.js';
import { createPushHandler } from './inbound/push-handler.js';
import { notificationRoutes } from './inbound/routes.js';
import { vendorEndpoints, type InboundSecrets } from './inbound/vendors.js';
import { createEventRecorder, type EventRecorder } from './outbound/event-recorder.js';
import { installEventTable } from './outbound/event-table.js';
import { startOutbound } from './outbound/outbound.js';
import type { TagChange } from './outbound/tag-changes.js';
import type { WebhookSubscription } from './outbound/webhook-config.js';
import {
  createWebhookDispatcher,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
} from './outbound/webhook-dispatcher.js';
import { PushLatencyTracker } from './push-latency.js';

export type { ImportRequester, ImportTagRequest } from './inbound/import-requester.js';
export type { InboundSecrets } from './inbound/vendors.js';
export { PushSource, MalformedPayloadError, type PushEvent } from './inbound/push-event.js';
export { matchPushEvent, type StreamTagMatch } from './inbound/match.js';
export { PushCoalescer, DEFAULT_COALESCE_WINDOW_MS } from './inbound/coalescer.js';
export { parseDistributionNotification, DISTRIBUTION_EVENTS_MEDIA_TYPE } from './inbound/distribution.js';
export { parseDockerHubWebhook } from './inbound/dockerhub.js';
export { parseQuayNotification } from './inbound/quay.js';
export { parseHarborWebhook } from './inbound/harbor.js';
export { parseGitHubWebhook } from './inbound/github.js';
export { hmacSha256Signature, verifyHmacSha256, constantTimeEqual } from './inbound/secrets.js';
export {
  createEventRecorder,
  EventType,
  tagUpdatedMessage,
  type EventRecorder,
  type InvolvedObject,
  type TagUpdate,
} from './outbound/event-recorder.js';
export { deleteExpiredEvents, DEFAULT_EVENT_TTL_MS } from './outbound/event-ttl.js';
export { EVENT_TABLE, installEventTable } from './outbound/event-table.js';
export { detectTagChanges, type TagChange } from './outbound/tag-changes.js';
export { startTagWatcher, type TagWatcher } from './outbound/tag-watcher.js';
export {
  TAG_UPDATED_TYPE,
  SIGNATURE_HEADER,
  CloudEventMode,
  tagUpdatedEvent,
  toHttpMessage,
} from './outbound/cloudevent.js';
export {
  loadWebhookConfig,
  parseWebhookConfig,
  WebhookConfigError,
  type WebhookSubscription,
} from './outbound/webhook-config.js';
export {
  createWebhookDispatcher,
  DeliveryResult,
  type DeliveryRecord,
  type WebhookDispatcher,
  type WebhookDispatcherOptions,
} from './outbound/webhook-dispatcher.js';
export {
  retryDelayMs,
  retrySchedule,
  isRetryable,
  DEFAULT_RETRY_POLICY,
  type RetryPolicy,
} from './outbound/retry.js';

export interface NotificationsOptions extends InboundSecrets {
  /** coalescing window of push notifications per stream tag (default 500 ms) */
  coalesceWindowMs?: number;
  /** outbound CloudEvents subscriptions (see loadWebhookConfig for `--webhook-config FILE`) */
  webhooks?: WebhookSubscription[];
  webhookOptions?: Omit<WebhookDispatcherOptions, 'subscriptions'>;
  /** write a Kubernetes Event for every tag move (default true) */
  events?: boolean;
  /** Events older than this are deleted (default 1 h) */
  eventTtlMs?: number;
  eventSweepIntervalMs?: number;
  /** run the outbound side only while leader (several replicas) */
  leader?: LeaderElector;
  timers?: Timers;
  onTagChanges?: (changes: TagChange[]) => void;
}

export interface NotificationsContext {
  store: Store;
  /** inbound routes are added to it (before it listens); without it only the outbound side runs */
  app?: FastifyInstance;
  importer: ImportRequester;
  options: NotificationsOptions;
}

export interface RunningNotifications {
  recorder: EventRecorder;
  dispatcher: WebhookDispatcher;
  coalescer: PushCoalescer;
  /** resolves once the outbound watcher follows the store */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

export function startNotifications(ctx: NotificationsContext): RunningNotifications {
  const { store, options } = ctx;
  const timers = options.timers ?? realTimers;
  const latency = new PushLatencyTracker();
  const coalescer = new PushCoalescer({
    importer: ctx.importer,
    timers,
    ...(options.coalesceWindowMs !== undefined ? { windowMs: options.coalesceWindowMs } : {}),
  });
  if (ctx.app) {
    const handler = createPushHandler({ store, coalescer, latency });
    const endpoints = vendorEndpoints(options);
    void ctx.app.register(async (scope) =>
      notificationRoutes(scope, { endpoints, handler, now: timers.now }),
    );
  }
  const recorder = createEventRecorder({ store, now: timers.now });
  const dispatcher = createWebhookDispatcher({
    timers,
    ...options.webhookOptions,
    subscriptions: options.webhooks ?? [],
  });
  const outbound = startOutbound({
    store,
    dispatcher,
    latency,
    timers,
    ...(options.events === false ? {} : { recorder }),
    ...(options.leader ? { leader: options.leader } : {}),
    ...(options.eventTtlMs !== undefined ? { eventTtlMs: options.eventTtlMs } : {}),
    ...(options.eventSweepIntervalMs !== undefined
      ? { eventSweepIntervalMs: options.eventSweepIntervalMs }
      : {}),
    ...(options.onTagChanges ? { onChanges: options.onTagChanges } : {}),
  });
  return {
    recorder,
    dispatcher,
    coalescer,
    ready: () => outbound.ready(),
    async stop() {
      await coalescer.stop();
      await outbound.stop();
      await dispatcher.stop();
    },
  };
}

/** The same as a server extension: `startServer({ extensions: [notificationsExtension(...)] })`. */
export function notificationsExtension(
  options: NotificationsOptions,
  importer: ImportRequester | (() => ImportRequester),
): ServerExtension & { running(): RunningNotifications | undefined } {
  let running: RunningNotifications | undefined;
  return {
    name: 'notifications',
    register(app, serverCtx) {
      installEventTable(serverCtx.resources);
      const requester = typeof importer === 'function' ? importer() : importer;
      running = startNotifications({ store: serverCtx.store, app, importer: requester, options });
    },
    async close() {
      await running?.stop();
    },
    running: () => running,
  };
}
