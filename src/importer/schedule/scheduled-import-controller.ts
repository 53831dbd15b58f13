/**
 * The scheduled import controller (`isctl serve`): re-checks every `importPolicy.scheduled` tag
 * on its slot of the interval. It follows the streams through the shared informer
 * (controllers/informer.ts: a paged list, then a watch; a 410 relists at once, other failures
 * after a capped backoff); every schedule decision is derived from the stored streams and the
 * checkpoint, so a restart resumes the same slots.
 */
import type { ImageStream } from '../../api/types.js';
import { startInformer, type Informer } from '../../controllers/informer.js';
import { systemClock } from '../../controllers/clock.js';
import { logger } from '../../observability/logger.js';
import type { RegistryClient } from '../../registry/index.js';
import type { Store } from '../../store/store.js';
import { IMAGE_STREAMS, type ImportService } from '../import-service.js';
import type { ImportRegistryClient } from '../resolve-image.js';
import type { RegistryAllowList } from '../allowed-registries.js';
import type { PullCredentialsFor } from '../../credentials/index.js';
import { checkGroup } from './check-group.js';
import { storeCheckpoints } from './checkpoint.js';
import { createGroupScheduler, type Group, type GroupCheckOutcome } from './group-scheduler.js';
import { memoizingClient, type HeadMemo } from './head-memo.js';
import { createRateLimiter } from './rate-limiter.js';
import { createScheduleIndex } from './schedule-index.js';
import { reportQueueDepth, scheduledChecks } from './schedule-metrics.js';
import { resolveSettings, type ScheduleSettings } from './schedule-options.js';

const log = logger('scheduled-import');

export interface ScheduledImportControllerOptions extends ScheduleSettings {
  store: Store;
  /** the registry client; its `rateLimit` reports feed the budget */
  client: ImportRegistryClient & Partial<Pick<RegistryClient, 'rateLimit'>>;
  /** builds the import service the checks use, around a client that shares the group's HEAD */
  importServiceFor(client: ImportRegistryClient): ImportService;
  /** `--allowed-registries`: scheduled checks never ask a registry that is not allowed */
  allowList?: RegistryAllowList;
  /** a namespace's registry credentials (src/credentials/pull-secrets.ts): a group's HEAD uses its namespace's */
  credentialsFor?: PullCredentialsFor;
}

export interface ScheduledImportController {
  /** resolves once the streams were listed and every scheduled tag has a next check */
  ready(): Promise<void>;
  /** epoch ms of a tag's next check (`namespace/stream:tag`), if it is scheduled */
  nextCheck(tagKey: string): number | undefined;
  stats(): { tags: number; groups: number; queueDepth: number };
  stop(): Promise<void>;
}

export function startScheduledImportController(
  options: ScheduledImportControllerOptions,
): ScheduledImportController {
  const s = resolveSettings(options);
  const clock = options.clock ?? systemClock;
  const { store, budget } = options;
  const checkpoints = options.checkpoints ?? storeCheckpoints(store);
  const abort = new AbortController();
  const memo: HeadMemo = new Map();
  const confirmed = new Map<string, string>();
  const service = options.importServiceFor(memoizingClient(options.client, memo));

  function feedBudget(registry: string): void {
    const state = options.client.rateLimit?.(registry);
    if (state && budget) budget.observe(registry, state);
  }

  async function check(g: Group): Promise<GroupCheckOutcome> {
    try {
      return await checkGroup(g, {
        store,
        client: options.client,
        service,
        memo,
        confirmed,
        allowList: options.allowList,
        credentialsFor: options.credentialsFor,
        signal: abort.signal,
      });
    } finally {
      feedBudget(g.registry);
    }
  }

  const scheduler = createGroupScheduler({
    clock,
    intervalMs: s.intervalMs,
    limiter: createRateLimiter({ perMinute: s.maxPerMinute, burst: s.burst, now: () => clock.now() }),
    concurrencyPerRegistry: s.concurrencyPerRegistry,
    tagBackoff: s.tagBackoff,
    registryBackoff: s.registryBackoff,
    budget,
    check,
    onOutcome(g, outcome) {
      scheduledChecks.inc({ result: outcome.result });
      if (outcome.result === 'failed')
        log.debug({ group: g.key, failures: g.failures + 1, err: outcome.error }, 'scheduled check failed');
    },
  });
  const index = createScheduleIndex({
    scheduler,
    intervalMs: s.intervalMs,
    catchUpMs: s.catchUpMs,
    now: () => clock.now(),
  });
  const unreport = reportQueueDepth(() => scheduler.depth());

  let saving: Promise<void> = Promise.resolve();
  function saveCheckpoint(): Promise<void> {
    const checkpoint = { checkedThroughMs: scheduler.checkedThrough(), intervalMs: s.intervalMs };
    saving = saving
      .then(() => checkpoints.save(checkpoint))
      .catch((err: unknown) => log.warn({ err }, 'could not save the scheduled import checkpoint'));
    return saving;
  }
  let cancelHeartbeat: (() => void) | undefined;
  function heartbeat(): void {
    cancelHeartbeat = clock.schedule(() => {
      void saveCheckpoint().then(() => {
        if (!abort.signal.aborted) heartbeat();
      });
    }, s.checkpointEveryMs);
  }

  let markReady: () => void = () => undefined;
  const readyPromise = new Promise<void>((r) => (markReady = r));
  let synced = false;

  /** the streams, listed in pages and then watched; set once the checkpoint was read */
  let informer: Informer | undefined;
  const done = (async () => {
    const stored = await checkpoints.load().catch((err: unknown) => {
      log.warn({ err }, 'could not read the scheduled import checkpoint; catching up instead');
      return undefined;
    });
    if (abort.signal.aborted) return;
    // a checkpoint of another interval names other slots: it cannot say which were checked
    let through = stored?.intervalMs === s.intervalMs ? stored.checkedThroughMs : undefined;
    // streams of a list were checked through `through`; a change seen by the watch, up to now
    let listing = false;
    informer = startInformer({
      store,
      type: IMAGE_STREAMS,
      clock,
      pageSize: 500,
      fingerprint: (o) => o.metadata.resourceVersion ?? '',
      onRelist: () => (listing = true),
      onChange: (o) => index.apply(o as ImageStream, listing ? through : clock.now()),
      onDelete: (namespace, name) => index.delete(`${namespace}/${name}`),
      onListed() {
        listing = false;
        through = clock.now();
        if (synced) return;
        synced = true;
        markReady();
        heartbeat();
      },
      restartDelayMs: s.rewatchDelayMs,
    });
  })();

  return {
    ready: () => readyPromise,
    nextCheck(tagKey) {
      const g = index.group(tagKey);
      return g && g.stage === 'armed' ? g.dueAt : g ? clock.now() : undefined;
    },
    stats: () => ({ ...index.counts(), queueDepth: scheduler.depth() }),
    async stop() {
      abort.abort();
      await done.catch(() => undefined);
      informer?.stop();
      cancelHeartbeat?.();
      scheduler.stop();
      await scheduler.drain();
      if (synced) await saveCheckpoint();
      index.clear();
      unreport();
      markReady();
    },
  };
}
