/**
 * The Kubernetes target: informers over Deployments, StatefulSets, DaemonSets, CronJobs and Pods
 * in the selected namespaces; objects with the `image.openshift.io/triggers` annotation are
 * reconciled (one at a time per object, through the shared work queue) when they change and when
 * a stream they follow changes. A reconcile patches the container image; Kubernetes rolls it.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { createWorkQueue } from '../../../controllers/work-queue.js';
import { systemClock, type Clock } from '../../../controllers/clock.js';
import { workloadTarget, type WorkloadGate } from './gate-plan.js';
import { createWakeTimers } from '../../gates/wake-timers.js';
import { logger } from '../../../observability/logger.js';
import type { ImageStream } from '../../../api/types.js';
import type { RolloutRecorder } from '../../rollout-record.js';
import type { TriggerWarning } from '../../trigger.js';
import { kindClients, loadKubeConfig } from './client.js';
import { startInformers } from './informers.js';
import { ALL_KINDS, refKey, type WorkloadKind, type WorkloadRef } from './kinds.js';
import { reconcileObject } from './reconcile.js';
import {
  admit,
  allWarnings,
  describeTracked,
  followsStream,
  type TrackedObject,
  type TriggeredObject,
} from './tracked.js';

const log = logger('triggers.kubernetes');

export interface KubernetesTargetOptions {
  /** A kubeconfig file; else `inCluster`; else $KUBECONFIG / ~/.kube/config. */
  kubeconfigPath?: string;
  inCluster?: boolean;
  /** An already loaded configuration (wins over the two above). */
  kubeConfig?: KubeConfig;
  /** Namespaces to watch; absent or empty: all namespaces. */
  namespaces?: readonly string[];
  /** Kinds to watch; default all five. */
  kinds?: readonly WorkloadKind[];
  getImageStream(namespace: string, name: string): Promise<ImageStream | undefined>;
  recorder?: RolloutRecorder;
  /** New or changed warnings for an object (emit a Warning event); also in `describe`. */
  onWarning?(object: WorkloadRef, warnings: readonly TriggerWarning[]): void;
  /** PATCH attempts per reconcile when the object keeps changing underneath (default 5). */
  maxPatchAttempts?: number;
  /** First delay before restarting a failed watch (default 1 s, doubled up to 30 s). */
  restartDelayMs?: number;
  now?: () => Date;
  /** The rollout gates (gates/gate-keeper.ts over the store); absent: none. */
  gate?: WorkloadGate;
  /** Timers for reconciling again when a rollout window opens (default: real time). */
  clock?: Clock;
}

export interface KubernetesTarget {
  /** Reconciles every object following a tag of this stream; resolves when they are done. */
  onImageStreamChanged(stream: ImageStream): Promise<void>;
  /** Forgets a stream given through onImageStreamChanged (its triggers stop resolving). */
  onImageStreamDeleted(namespace: string, name: string): void;
  /** Reconciles every followed object (e.g. after the store was restored). */
  resync(): Promise<void>;
  /** Every informer has listed once. */
  ready(): boolean;
  /** Resolves when no reconcile is queued or running. */
  idle(): Promise<void>;
  describe(ref: Pick<WorkloadRef, 'kind' | 'namespace' | 'name'>): TriggeredObject | undefined;
  /** Reconciles the object of a Rollout target (`kubernetes:KIND/NS/NAME`), e.g. after an approval. */
  wake(target: string): void;
  /** Every object carrying the triggers annotation. */
  objects(): TriggeredObject[];
  stop(): Promise<void>;
}

export async function startKubernetesTarget(options: KubernetesTargetOptions): Promise<KubernetesTarget> {
  const kc = options.kubeConfig ?? loadKubeConfig(options);
  const clients = kindClients(kc);
  const tracked = new Map<string, TrackedObject>();
  const given = new Map<string, ImageStream>();
  const getStream = async (namespace: string, name: string) =>
    given.get(`${namespace}/${name}`) ?? (await options.getImageStream(namespace, name));
  const deps = {
    clients,
    getStream,
    recorder: options.recorder,
    maxAttempts: options.maxPatchAttempts ?? 5,
    now: options.now ?? (() => new Date()),
    gate: options.gate,
  };
  const clock = options.clock ?? systemClock;
  // an object a gate holds is reconciled again when the window opens
  const windows = createWakeTimers(clock, (key) => queue.add(key));
  const reportWarnings = (t: TrackedObject) => {
    const warnings = allWarnings(t);
    if (warnings.length > 0) options.onWarning?.(t.ref, warnings);
  };

  const queue = createWorkQueue(
    async (key) => {
      const t = tracked.get(key);
      if (!t) return;
      const out = await reconcileObject(t, deps);
      windows.at(key, out.state === 'gone' ? undefined : out.retryAt);
      if (out.state === 'gone') {
        tracked.delete(key);
        return;
      }
      const current = tracked.get(key);
      // Deleted meanwhile: the informer's word is final.
      if (!current) return;
      // The patch response is newer than anything the informer had; otherwise keep its copy.
      const next = out.patched.length > 0 || current === t ? out.tracked : current;
      const changed = JSON.stringify(next.containerWarnings) !== JSON.stringify(out.plan.warnings);
      next.containerWarnings = out.plan.warnings;
      tracked.set(key, next);
      if (changed && out.plan.warnings.length > 0) reportWarnings(next);
    },
    {
      concurrency: 4,
      onError: (key, err, willRetry) => log.warn({ key, willRetry, err }, 'trigger reconcile failed'),
    },
  );

  const informers = await startInformers(
    kc,
    clients,
    {
      upsert(kind, obj) {
        const a = admit(kind, obj, findPrevious(tracked, kind, obj));
        if ('ignored' in a) {
          if (a.key) tracked.delete(a.key);
          return;
        }
        const key = refKey(a.tracked.ref);
        a.tracked.containerWarnings = tracked.get(key)?.containerWarnings ?? [];
        tracked.set(key, a.tracked);
        if (a.warningsChanged) reportWarnings(a.tracked);
        queue.add(key);
      },
      remove(kind, obj) {
        const a = admit(kind, obj, undefined);
        const key = 'tracked' in a ? refKey(a.tracked.ref) : a.key;
        if (key) tracked.delete(key);
      },
    },
    {
      kinds: options.kinds ?? ALL_KINDS,
      namespaces: options.namespaces && options.namespaces.length > 0 ? options.namespaces : undefined,
      restartDelayMs: options.restartDelayMs ?? 1000,
      maxRestartDelayMs: 30_000,
    },
  );
  log.info(
    {
      namespaces: options.namespaces?.length ? options.namespaces : 'all',
      server: kc.getCurrentCluster()?.server,
    },
    'kubernetes target watching',
  );

  return {
    async onImageStreamChanged(stream) {
      const namespace = stream.metadata.namespace;
      const name = stream.metadata.name;
      if (!namespace || !name) return;
      given.set(`${namespace}/${name}`, stream);
      for (const [key, t] of tracked) if (followsStream(t, namespace, name)) queue.add(key);
      await queue.idle();
    },
    onImageStreamDeleted(namespace, name) {
      given.delete(`${namespace}/${name}`);
    },
    async resync() {
      for (const key of tracked.keys()) queue.add(key);
      await queue.idle();
    },
    ready: () => informers.synced(),
    idle: () => queue.idle(),
    describe(ref) {
      const t = tracked.get(refKey(ref));
      return t ? describeTracked(t) : undefined;
    },
    objects: () => [...tracked.values()].map(describeTracked),
    wake(target) {
      for (const [key, t] of tracked) if (workloadTarget(t) === target) queue.add(key);
    },
    async stop() {
      windows.stop();
      await informers.stop();
      await queue.shutDown();
    },
  };
}

function findPrevious(
  tracked: Map<string, TrackedObject>,
  kind: WorkloadKind,
  obj: unknown,
): TrackedObject | undefined {
  const meta = (obj as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  if (typeof meta?.name !== 'string' || typeof meta.namespace !== 'string') return undefined;
  return tracked.get(refKey({ kind, namespace: meta.namespace, name: meta.name }));
}
