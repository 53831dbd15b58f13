/**
 * Registry notifications in, tag events out. `startNotifications` is the one call the server
 * makes: it adds the inbound webhook routes to the fastify app and starts the outbound side
 * (Kubernetes Events and CloudEvents webhooks for every tag move).
 */
import type { FastifyInstance } from 'fastify';
import { alwaysLeader, type LeaderElector } from '../controllers/leader-election.js';
import { whileLeader, type LeaderGated } from '../controllers/while-leader.js';
import type { Store } from '../store/store.js';
import type { ServerExtension } from '../server/serve.js';
import { systemClock, type Clock } from '../controllers/clock.js';
import { PushCoalescer } from './inbound/coalescer.js';
import type { ImportRequester } from './inbound/import-requester.js';
import { createPushHandler, type PushHandlerOptions } from './inbound/push-handler.js';
import { startStreamIndex } from './inbound/stream-index.js';
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
import type { Channel } from './channels/channel.js';
import {
  createChannelRouter,
  type ChannelRouter,
  type ChannelRouterOptions,
} from './channels/channel-router.js';
import { startChannelNotifier } from './channels/notifier.js';
import { startImportWorker, type ImportWorker } from './work/import-worker.js';
import { recordPendingImports } from './work/record-pending.js';

export type { ImportRequester, ImportTagRequest } from './inbound/import-requester.js';
export type { InboundSecrets } from './inbound/vendors.js';
export { PushCoalescer } from './inbound/coalescer.js';
export { type ImportWorker } from './work/import-worker.js';
export { DISTRIBUTION_EVENTS_MEDIA_TYPE } from './inbound/distribution.js';
export { hmacSha256Signature } from './inbound/secrets.js';
export { createEventRecorder, EventType, type EventRecorder } from './outbound/event-recorder.js';
export { type TagChange } from './outbound/tag-changes.js';
export { type WebhookSubscription } from './outbound/webhook-config.js';
export { type WebhookDispatcher, type WebhookDispatcherOptions } from './outbound/webhook-dispatcher.js';
export type { Channel } from './channels/channel.js';
export type { ChannelRouter, ChannelRouterOptions } from './channels/channel-router.js';
export const InboundMode = {
  /** stored as PendingImport work before the answer, imported by the leader (the default) */
  Durable: 'durable',
  /** coalesced in this process and imported here: lost if the process dies first (one process, tests) */
  Memory: 'memory',
} as const;
export type InboundMode = (typeof InboundMode)[keyof typeof InboundMode];

export interface NotificationsOptions extends InboundSecrets {
  /** delay before a stream tag's import, to merge more notifications (default 0: import at once) */
  coalesceWindowMs?: number;
  /** how accepted notifications reach the importer (default durable) */
  inbound?: InboundMode;
  /** retries of imports that failed on our side (durable mode): first delay, doubled up to 60 s */
  importRetryBaseDelayMs?: number;
  /** outbound CloudEvents subscriptions (see loadWebhookConfig for `--webhook-config FILE`) */
  webhooks?: WebhookSubscription[];
  webhookOptions?: Omit<WebhookDispatcherOptions, 'subscriptions'>;
  /** server-wide notification channels (--notify, the config file's `notifications:`) */
  channels?: Channel[];
  channelOptions?: Omit<ChannelRouterOptions, 'channels'>;
  /** write a Kubernetes Event for every tag move (default true) */
  events?: boolean;
  /** Events older than this are deleted (default 1 h) */
  eventTtlMs?: number;
  eventSweepIntervalMs?: number;
  /** run the outbound side and the pending-import worker only while leader (several replicas) */
  leader?: LeaderElector;
  clock?: Clock;
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
  /** notification channels: server-wide and the namespaces' channel Secrets */
  channels: ChannelRouter;
  /** the in-memory coalescer (memory mode only) */
  coalescer?: PushCoalescer;
  /** the pending-import worker, running while this replica leads (durable mode only) */
  importWorker?: LeaderGated<ImportWorker>;
  /** resolves once the outbound watcher follows the store */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

/** one process on its own (no server, no elector given): it always leads */
function startedAlwaysLeader(): LeaderElector {
  const leader = alwaysLeader();
  leader.start();
  return leader;
}

interface Inbound {
  coalescer?: PushCoalescer;
  importWorker?: LeaderGated<ImportWorker>;
  handler: PushHandlerOptions;
}

function startInbound(ctx: NotificationsContext, clock: Clock, latency: PushLatencyTracker): Inbound {
  const { store, options } = ctx;
  const window = options.coalesceWindowMs !== undefined ? { windowMs: options.coalesceWindowMs } : {};
  if (options.inbound === InboundMode.Memory) {
    const coalescer = new PushCoalescer({ importer: ctx.importer, clock, ...window });
    return { coalescer, handler: { store, coalescer, latency } };
  }
  const leader = options.leader ?? startedAlwaysLeader();
  const importWorker = whileLeader(
    leader,
    () =>
      startImportWorker({
        store,
        importer: ctx.importer,
        clock,
        latency,
        isLeader: () => leader.isLeader(),
        ...window,
        ...(options.importRetryBaseDelayMs !== undefined
          ? { retryBaseDelayMs: options.importRetryBaseDelayMs }
          : {}),
      }),
    'notification-imports',
  );
  return { importWorker, handler: { store, latency, record: (p) => recordPendingImports(store, p) } };
}

export function startNotifications(ctx: NotificationsContext): RunningNotifications {
  const { store, options } = ctx;
  const clock = options.clock ?? systemClock;
  const now = (): Date => new Date(clock.now());
  const latency = new PushLatencyTracker();
  const { coalescer, importWorker, handler: handlerOptions } = startInbound(ctx, clock, latency);
  const streamIndex = ctx.app ? startStreamIndex(store, clock) : undefined;
  if (ctx.app) {
    const handler = createPushHandler({ ...handlerOptions, ...(streamIndex ? { index: streamIndex } : {}) });
    const endpoints = vendorEndpoints(options);
    void ctx.app.register(async (scope) => notificationRoutes(scope, { endpoints, handler, now }));
  }
  const recorder = createEventRecorder({ store, now });
  const dispatcher = createWebhookDispatcher({
    clock,
    ...options.webhookOptions,
    subscriptions: options.webhooks ?? [],
  });
  const channels = createChannelRouter({
    clock,
    ...options.channelOptions,
    channels: options.channels ?? [],
  });
  const notifier = startChannelNotifier({
    store,
    router: channels,
    clock,
    ...(options.leader ? { leader: options.leader } : {}),
  });
  const onChanges = (changes: TagChange[]): void => {
    notifier.tagMoved(changes);
    options.onTagChanges?.(changes);
  };
  const outbound = startOutbound({
    store,
    dispatcher,
    latency,
    clock,
    ...(options.events === false ? {} : { recorder }),
    ...(options.leader ? { leader: options.leader } : {}),
    ...(options.eventTtlMs !== undefined ? { eventTtlMs: options.eventTtlMs } : {}),
    ...(options.eventSweepIntervalMs !== undefined
      ? { eventSweepIntervalMs: options.eventSweepIntervalMs }
      : {}),
    onChanges,
  });
  return {
    recorder,
    dispatcher,
    channels,
    ...(coalescer ? { coalescer } : {}),
    ...(importWorker ? { importWorker } : {}),
    ready: async () => {
      await outbound.ready();
      await notifier.ready();
    },
    async stop() {
      streamIndex?.stop();
      await coalescer?.stop();
      await importWorker?.stop();
      await outbound.stop();
      await notifier.stop();
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
      // the server's elector: with SQLite it leads once the server starts, with etcd while it holds the lease
      const led = options.leader ? options : { ...options, leader: serverCtx.leader };
      running = startNotifications({ store: serverCtx.store, app, importer: requester, options: led });
    },
    async close() {
      await running?.stop();
    },
    running: () => running,
  };
}
