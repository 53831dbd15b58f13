/**
 * The channel side of notifications, as the server runs it: on the leader only, it follows the
 * stored ImageStreams (import failing/recovered), Rollouts, Builds and the namespaces' channel
 * Secrets, and hands notices to the channel router; tag moves come from the outbound tag
 * watcher. Nothing here is on a write path: the store's watch feeds it, the router queues.
 */
import type { SecretObject } from '../../api/secret.js';
import { startInformer } from '../../controllers/informer.js';
import type { LeaderElector } from '../../controllers/leader-election.js';
import { whileLeader, type LeaderGated } from '../../controllers/while-leader.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { logger } from '../../observability/logger.js';
import { BUILDS, IMAGE_STREAMS, ROLLOUTS, SECRETS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import type { TagChange } from '../outbound/tag-changes.js';
import type { ChannelRouter } from './channel-router.js';
import { buildNotices, buildPhase } from './detect-builds.js';
import { importNotices, importSnapshot } from './detect-imports.js';
import { rolloutNotices, rolloutState } from './detect-rollouts.js';
import { tagMovedNotice } from './detect-tags.js';
import { secretChannels } from './namespace-channels.js';
import { startTransitionWatcher, type TransitionWatcher } from './transition-watcher.js';

const log = logger('notifications');

export interface ChannelNotifierOptions {
  store: Store;
  router: ChannelRouter;
  /** undefined: this process always leads */
  leader?: LeaderElector;
  clock?: Clock;
}

export interface ChannelNotifier {
  tagMoved(changes: readonly TagChange[]): void;
  /** resolves once every watch has its first list (at once when not leading) */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

interface Watches {
  ready: Promise<void>;
  stop(): Promise<void>;
}

function applySecret(router: ChannelRouter, secret: SecretObject): void {
  const source = `${secret.metadata.namespace ?? ''}/${secret.metadata.name}`;
  const { channels, problems } = secretChannels(secret);
  for (const p of problems)
    log.warn(
      {
        namespace: secret.metadata.namespace,
        secret: secret.metadata.name,
        field: p.field,
        problem: p.message,
      },
      'notification channel skipped',
    );
  router.setChannels(source, channels);
}

function startWatches(options: ChannelNotifierOptions): Watches {
  const { store, router } = options;
  const publish = router.publish.bind(router);
  const clock = options.clock ?? systemClock;
  const watchers: TransitionWatcher[] = [
    startTransitionWatcher({
      store,
      type: IMAGE_STREAMS,
      snapshot: importSnapshot,
      notices: (prev, next, o, time) =>
        importNotices(
          prev,
          next,
          { namespace: o.metadata.namespace ?? 'default', name: o.metadata.name },
          time,
        ),
      publish,
      clock,
    }),
    startTransitionWatcher({
      store,
      type: ROLLOUTS,
      snapshot: rolloutState,
      notices: (p, _n, o, t) => rolloutNotices(p, o, t),
      publish,
      clock,
    }),
    startTransitionWatcher({
      store,
      type: BUILDS,
      snapshot: buildPhase,
      notices: (p, _n, o, t) => buildNotices(p, o, t),
      publish,
      clock,
    }),
  ];
  const secrets = startInformer({
    store,
    type: SECRETS,
    clock,
    // only channel Secrets matter; their data and annotations are what changes them
    fingerprint: (o) => JSON.stringify([o.type, o.data, o.metadata.annotations]),
    onChange: (o) => applySecret(router, o),
    onDelete: (namespace, name) => router.setChannels(`${namespace}/${name}`, []),
  });
  return {
    ready: Promise.all([...watchers.map((w) => w.ready), secrets.synced()]).then(() => undefined),
    async stop() {
      for (const w of watchers) w.stop();
      secrets.stop();
    },
  };
}

export function startChannelNotifier(options: ChannelNotifierOptions): ChannelNotifier {
  const clock = options.clock ?? systemClock;
  let alone: Watches | undefined;
  let gated: LeaderGated<Watches> | undefined;
  if (options.leader)
    gated = whileLeader(options.leader, () => startWatches(options), 'notification-channels');
  else alone = startWatches(options);
  return {
    tagMoved(changes) {
      for (const c of changes) options.router.publish(tagMovedNotice(c, new Date(clock.now()).toISOString()));
    },
    async ready() {
      await gated?.settled();
      await (alone ?? gated?.current())?.ready;
    },
    async stop() {
      await alone?.stop();
      await gated?.stop();
      await options.router.stop();
    },
  };
}
