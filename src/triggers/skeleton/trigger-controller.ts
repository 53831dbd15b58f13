/**
 * The skeleton every trigger target runs on (OpenShift's trigger controller with its
 * `TriggerSource`s, openshift-controller-manager pkg/image/trigger): it owns the index "stream tag
 * -> followers", the last look at every image stream, the keyed work queue with rate-limited
 * retries, the wake-up timers of held rollouts, and the leader check before every reconcile. A
 * target plugs in as a source: what a follower follows (its triggers' tags), what makes a changed
 * follower worth a reconcile, and how one follower is reconciled. The target feeds it followers
 * (upsert/remove/replace from its own list-and-watch) and streams (follow-streams.ts).
 */
import { withDockerImageRepository } from '../../api/image-stream-repository.js';
import type { ImageStream } from '../../api/types.js';
import { resolveTagImage, type ResolvedTagImage } from '../../api/tag-history.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { createWorkQueue, type WorkQueueOptions } from '../../controllers/work-queue.js';
import { logger } from '../../observability/logger.js';
import { createWakeTimers } from '../gates/wake-timers.js';
import { FollowIndex, movedTags, tagFingerprints, type FollowedTag } from './follow-index.js';

const log = logger('triggers');

export interface ReconcileResult {
  /** A gate holds a rollout until then (a window opens): reconcile again at that time. */
  retryAt?: number | undefined;
}

export interface TriggerSource<F> {
  /** the target, in logs */
  name: string;
  /** the tags a follower follows (every trigger, paused or not) */
  follows(follower: F): readonly FollowedTag[];
  /** what makes a changed follower worth a reconcile (default: every upsert is) */
  fingerprint?(follower: F): string;
  /** one reconcile of one follower (undefined: removed meanwhile); a throw is retried with backoff */
  reconcile(key: string, follower: F | undefined): Promise<ReconcileResult | void>;
}

export interface TriggerControllerOptions<F> {
  source: TriggerSource<F>;
  /** a stream the controller has not seen (yet), e.g. read from the store */
  loadStream?(namespace: string, name: string): Promise<ImageStream | undefined>;
  /** host[:port] of `status.dockerImageRepository` (the Local reference policy), read on every resolve */
  dockerImageRepositoryHost?: () => string | undefined;
  clock?: Clock;
  /** work queue settings: parallel reconciles and retries */
  queue?: Omit<WorkQueueOptions, 'clock' | 'onError'>;
  /** asked before every reconcile: a replica that no longer leads does not act (default: always leads) */
  isLeader?: () => boolean;
}

export interface TriggerController<F> {
  /** A follower appeared or changed: re-indexed, and reconciled when new or changed (`wake: false`: only re-indexed). */
  upsert(key: string, follower: F, options?: { wake?: boolean }): void;
  remove(key: string): void;
  /** A fresh list of every follower: upserts them, removes the missing; returns the keys it woke. */
  replace(followers: ReadonlyMap<string, F>, options?: { wake?: boolean }): string[];
  follower(key: string): F | undefined;
  followers(): ReadonlyMap<string, F>;
  /** A stream appeared or changed: the followers of the tags it moved are reconciled. */
  onImageStreamChanged(stream: ImageStream): void;
  /** A stream is gone: its tags no longer resolve (its followers are not woken: nothing to roll). */
  onImageStreamDeleted(namespace: string, name: string): void;
  /** The next look at every stream counts each tag as moved (after a relist: a missed event is not lost). */
  forgetStreams(): void;
  /** The stream as last seen, else as `loadStream` reads it. */
  stream(namespace: string, name: string): Promise<ImageStream | undefined>;
  /** What a followed tag resolves to now (api/tag-history's resolveTagImage), undefined when it does not. */
  resolve(from: FollowedTag): Promise<ResolvedTagImage | undefined>;
  /** Keys of the followers of a stream's tags. */
  following(namespace: string, stream: string, tags: readonly string[]): string[];
  wake(key: string): void;
  wakeAll(): void;
  /** Resolves when no reconcile is queued or running. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const streamKey = (namespace: string, name: string): string => `${namespace}/${name}`;

export function createTriggerController<F>(options: TriggerControllerOptions<F>): TriggerController<F> {
  const { source } = options;
  const clock = options.clock ?? systemClock;
  const followers = new Map<string, F>();
  const fingerprints = new Map<string, string>();
  const index = new FollowIndex();
  const streams = new Map<string, { stream: ImageStream; tags: Map<string, string> }>();
  const isLeader = options.isLeader ?? (() => true);
  const decorate = withDockerImageRepository(options.dockerImageRepositoryHost ?? (() => undefined));
  const windows = createWakeTimers(clock, (key) => queue.add(key));

  const queue = createWorkQueue(
    async (key) => {
      if (!isLeader()) return;
      const out = await source.reconcile(key, followers.get(key));
      windows.at(key, followers.has(key) ? (out?.retryAt ?? undefined) : undefined);
    },
    {
      ...options.queue,
      clock,
      onError: (key, err, willRetry) =>
        log.warn({ target: source.name, key, willRetry, err }, 'trigger reconcile failed'),
    },
  );

  const upsert = (key: string, follower: F, wake = true): boolean => {
    const fp = source.fingerprint?.(follower);
    const changed = fp === undefined || !followers.has(key) || fingerprints.get(key) !== fp;
    followers.set(key, follower);
    if (fp !== undefined) fingerprints.set(key, fp);
    index.set(key, source.follows(follower));
    if (changed && wake) queue.add(key);
    return changed;
  };

  const remove = (key: string): void => {
    followers.delete(key);
    fingerprints.delete(key);
    index.delete(key);
    windows.at(key, undefined);
  };

  const stream = async (namespace: string, name: string): Promise<ImageStream | undefined> => {
    const s =
      streams.get(streamKey(namespace, name))?.stream ?? (await options.loadStream?.(namespace, name));
    return s && decorate(s);
  };

  return {
    upsert: (key, follower, o) => void upsert(key, follower, o?.wake ?? true),
    remove,
    replace(found, o) {
      const woken: string[] = [];
      for (const key of [...followers.keys()]) if (!found.has(key)) remove(key);
      for (const [key, f] of found) if (upsert(key, f, o?.wake ?? true)) woken.push(key);
      return woken;
    },
    follower: (key) => followers.get(key),
    followers: () => followers,
    onImageStreamChanged(s) {
      const namespace = s.metadata.namespace ?? '';
      const key = streamKey(namespace, s.metadata.name);
      const tags = tagFingerprints(decorate(s));
      const moved = movedTags(streams.get(key)?.tags, tags);
      streams.set(key, { stream: s, tags });
      for (const f of index.following(namespace, s.metadata.name, moved)) queue.add(f);
    },
    onImageStreamDeleted(namespace, name) {
      streams.delete(streamKey(namespace, name));
    },
    forgetStreams() {
      for (const entry of streams.values()) entry.tags = new Map();
    },
    stream,
    async resolve(from) {
      const s = await stream(from.namespace, from.stream);
      return s ? resolveTagImage(s, from.tag) : undefined;
    },
    following: (namespace, name, tags) => index.following(namespace, name, tags),
    wake: (key) => queue.add(key),
    wakeAll() {
      for (const key of followers.keys()) queue.add(key);
    },
    idle: () => queue.idle(),
    async stop() {
      windows.stop();
      await queue.shutDown();
    },
  };
}
