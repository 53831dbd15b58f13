/**
 * The build controller, run by the leader only: starts builds by runPolicy with at most
 * `maxConcurrent` running, cancels, prunes history, and ends builds left Pending or Running by a
 * previous leader as Error. Keyed by BuildConfig (`NS/NAME`; a Build without one is `NS/#BUILD`),
 * one reconcile per key at a time. BuildConfig triggers fire on the trigger skeleton
 * (image-change-source.ts), fed by the same BuildConfig informer: a stream change wakes only the
 * BuildConfigs following a tag it moved.
 */
import { rfc3339 } from '../api/rfc3339.js';
import type { KubeObject } from '../api/object.js';
import { isStatusError } from '../api/status-error.js';
import { startInformer, type Informer } from '../controllers/informer.js';
import { createWorkQueue } from '../controllers/work-queue.js';
import { systemClock, type Clock } from '../controllers/clock.js';
import { createEventRecorder } from '../notifications/outbound/event-recorder.js';
import { logger } from '../observability/logger.js';
import { guaranteedUpdate } from '../store/guaranteed-update.js';
import { BUILD_BINARIES, BUILD_CONFIGS, BUILD_LOGS, BUILDS } from '../store/resource-types.js';
import { followImageStreams } from '../triggers/skeleton/follow-streams.js';
import {
  BUILD_CONFIG_LABEL,
  BUILD_REASON_MESSAGES,
  BuildPhase,
  BuildReason,
  isTerminal,
} from './constants.js';
import { AbortReason, runBuild, type ExecutorDeps } from './executor/run-build.js';
import { planBuilds } from './schedule.js';
import { buildConfigKey, createBuildTriggers } from './image-change-source.js';
import type { Build, BuildStatus } from './schema.js';

const log = logger('builds');

export interface BuildControllerOptions extends ExecutorDeps {
  maxConcurrent: number;
  /** timers of the informers, both queues and the builds' deadlines (default: the system clock) */
  clock?: Clock;
  /** asked before every trigger reconcile: a replica that no longer leads starts no build */
  isLeader?: () => boolean;
}

export interface BuildController {
  stop(): Promise<void>;
  /** builds running on this replica now */
  running(): number;
}

function keyOfBuild(b: KubeObject): string {
  const config = b.metadata.labels?.[BUILD_CONFIG_LABEL];
  return `${b.metadata.namespace ?? ''}/${config ?? `#${b.metadata.name}`}`;
}

export function startBuildController(o: BuildControllerOptions): BuildController {
  const { store } = o;
  const clock = o.clock ?? systemClock;
  const running = new Map<string, { abort: AbortController; done: Promise<unknown> }>();
  const waiting = new Set<string>();
  let stopped = false;

  /** moves a build from `from` phases to a final status; false when it was elsewhere already */
  const transition = async (b: Build, from: (string | undefined)[], status: Partial<BuildStatus>) => {
    let moved = false;
    await guaranteedUpdate(store, BUILDS, b.metadata.namespace, b.metadata.name, (build) => {
      if (!from.includes(build.status?.phase ?? BuildPhase.New)) return undefined;
      moved = true;
      return { ...build, status: { ...build.status, ...status } };
    }).catch((e: unknown) => {
      if (!isStatusError(e) || e.code !== 404) throw e;
    });
    return moved;
  };

  const finalStatus = (reason: BuildReason, phase: string): Partial<BuildStatus> => ({
    phase: phase as BuildStatus['phase'],
    reason,
    message: BUILD_REASON_MESSAGES[reason],
    completionTimestamp: rfc3339(o.now()),
  });

  const launch = async (key: string, b: Build): Promise<void> => {
    const id = `${b.metadata.namespace}/${b.metadata.name}`;
    const abort = new AbortController();
    const entry = { abort, done: Promise.resolve() as Promise<unknown> };
    running.set(id, entry);
    if (!(await transition(b, [BuildPhase.New], { phase: BuildPhase.Pending }))) {
      running.delete(id);
      return;
    }
    const deadline = b.spec.completionDeadlineSeconds;
    const cancelDeadline = deadline
      ? clock.schedule(() => abort.abort(AbortReason.Deadline), deadline * 1000)
      : undefined;
    entry.done = runBuild(o, b, abort.signal)
      .catch((err: unknown) => {
        if (abort.signal.reason !== AbortReason.Shutdown)
          log.error({ err, build: id }, 'build failed to run');
      })
      .finally(() => {
        cancelDeadline?.();
        running.delete(id);
        queue.add(key);
        for (const w of waiting) queue.add(w);
        waiting.clear();
      });
  };

  const reconcile = async (key: string): Promise<void> => {
    if (stopped) return;
    const slash = key.indexOf('/');
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const single = name.startsWith('#');
    const bc = single ? undefined : await store.get(BUILD_CONFIGS, namespace, name);
    const all = (await store.list(BUILDS, { namespace })).items;
    const builds = all.filter((b) => keyOfBuild(b) === key);
    for (const b of builds) {
      const id = `${namespace}/${b.metadata.name}`;
      const mine = running.get(id);
      const phase = b.status?.phase;
      if (mine && b.status?.cancelled && !isTerminal(phase)) mine.abort.abort(AbortReason.Cancel);
      // Pending or Running without an executor here: its leader died mid-build
      if (!mine && (phase === BuildPhase.Pending || phase === BuildPhase.Running))
        await transition(
          b,
          [BuildPhase.Pending, BuildPhase.Running],
          finalStatus(BuildReason.BuildPodDeleted, BuildPhase.Error),
        );
    }
    const plan = planBuilds(builds, bc);
    for (const b of plan.cancel)
      await transition(b, [BuildPhase.New], {
        ...finalStatus(BuildReason.CancelledBuild, BuildPhase.Cancelled),
        cancelled: true,
      });
    for (const b of plan.prune) {
      await store.delete(BUILDS, namespace, b.metadata.name).catch(() => undefined);
      await store.delete(BUILD_LOGS, namespace, b.metadata.name).catch(() => undefined);
      await store.delete(BUILD_BINARIES, namespace, b.metadata.name).catch(() => undefined);
    }
    for (const b of plan.start) {
      if (running.size >= o.maxConcurrent) {
        waiting.add(key);
        break;
      }
      await launch(key, b);
    }
  };

  const queue = createWorkQueue(reconcile, {
    concurrency: 2,
    clock,
    onError: (key, err) => log.warn({ key, err }, 'build reconcile failed'),
  });

  const triggers = createBuildTriggers({
    store,
    events: createEventRecorder({ store, now: o.now, component: 'buildconfig-controller' }),
    registryHost: o.integratedHost,
    clock,
    ...(o.isLeader ? { isLeader: o.isLeader } : {}),
  });

  const informers: Informer[] = [
    startInformer({
      store,
      type: BUILDS,
      clock,
      fingerprint: (b) => JSON.stringify([b.metadata.resourceVersion]),
      onChange: (b) => queue.add(keyOfBuild(b)),
    }),
    // one BuildConfig informer for both queues: builds by runPolicy, and the triggers
    startInformer({
      store,
      type: BUILD_CONFIGS,
      clock,
      fingerprint: (b) => JSON.stringify([b.metadata.resourceVersion]),
      onChange: (b) => {
        queue.add(buildConfigKey(b));
        triggers.upsert(buildConfigKey(b), b);
      },
      onDelete: (namespace, name) => triggers.remove(`${namespace}/${name}`),
    }),
    followImageStreams({ store, sink: triggers, clock }),
  ];

  return {
    running: () => running.size,
    async stop() {
      stopped = true;
      for (const i of informers) i.stop();
      await triggers.stop();
      for (const r of running.values()) r.abort.abort(AbortReason.Shutdown);
      await Promise.all([...running.values()].map((r) => r.done));
      await queue.shutDown();
    },
  };
}
