/**
 * The Kubernetes target: informers over Deployments, StatefulSets, DaemonSets, CronJobs and Pods
 * in the selected namespaces; objects with the `image.openshift.io/triggers` annotation are
 * reconciled (one at a time per object, through the shared work queue) when they change and when
 * a stream they follow changes. A reconcile patches the container image; Kubernetes rolls it.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Clock } from '../../../controllers/clock.js';
import { workloadTarget, type WorkloadGate } from './gate-plan.js';
import { logger } from '../../../observability/logger.js';
import { createTriggerController } from '../../skeleton/trigger-controller.js';
import type { ImageStream } from '../../../api/types.js';
import type { RolloutRecorder } from '../../rollout-record.js';
import type { TriggerWarning } from '../../trigger.js';
import { kindClients, loadKubeConfig } from './client.js';
import { startInformers } from './informers.js';
import { ALL_KINDS, refKey, type WorkloadKind, type WorkloadRef } from './kinds.js';
import { reconcileObject } from './reconcile.js';
import { admit, allWarnings, describeTracked, type TrackedObject, type TriggeredObject } from './tracked.js';

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
  /** Timers for reconciling again when a rollout window opens, and for restarting a failed watch (default: real time). */
  clock?: Clock;
  /** host[:port] of `status.dockerImageRepository` (the Local reference policy), read on every resolve */
  dockerImageRepositoryHost?: () => string | undefined;
  /** whether this replica still leads: asked before every reconcile (default: always) */
  isLeader?: () => boolean;
}

export interface KubernetesTarget {
  /** Reconciles every object following a tag this stream moved; resolves when they are done. */
  onImageStreamChanged(stream: ImageStream): Promise<void>;
  /** Forgets a stream given through onImageStreamChanged (its triggers stop resolving). */
  onImageStreamDeleted(namespace: string, name: string): void;
  /** The next look at every stream counts each tag as moved (the stream watch relisted). */
  forgetStreams(): void;
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
  const deps = {
    clients,
    getStream: (namespace: string, name: string) => controller.stream(namespace, name),
    recorder: options.recorder,
    maxAttempts: options.maxPatchAttempts ?? 5,
    now: options.now ?? (() => new Date()),
    gate: options.gate,
  };
  const reportWarnings = (t: TrackedObject) => {
    const warnings = allWarnings(t);
    if (warnings.length > 0) options.onWarning?.(t.ref, warnings);
  };

  const controller = createTriggerController<TrackedObject>({
    source: {
      name: 'kubernetes',
      follows: (t) => t.triggers.map((x) => x.from),
      async reconcile(key, t) {
        if (!t) return;
        const out = await reconcileObject(t, deps);
        if (out.state === 'gone') {
          controller.remove(key);
          return;
        }
        const current = controller.follower(key);
        // Deleted meanwhile: the informer's word is final.
        if (!current) return;
        // The patch response is newer than anything the informer had; otherwise keep its copy.
        const next = out.patched.length > 0 || current === t ? out.tracked : current;
        const changed = JSON.stringify(next.containerWarnings) !== JSON.stringify(out.plan.warnings);
        next.containerWarnings = out.plan.warnings;
        controller.upsert(key, next, { wake: false });
        if (changed && out.plan.warnings.length > 0) reportWarnings(next);
        return { retryAt: out.retryAt };
      },
    },
    loadStream: options.getImageStream,
    ...(options.dockerImageRepositoryHost
      ? { dockerImageRepositoryHost: options.dockerImageRepositoryHost }
      : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.isLeader ? { isLeader: options.isLeader } : {}),
    queue: { concurrency: 4 },
  });
  const tracked = controller.followers();

  const informers = await startInformers(
    kc,
    clients,
    {
      upsert(kind, obj) {
        const a = admit(kind, obj, findPrevious(tracked, kind, obj));
        if ('ignored' in a) {
          if (a.key) controller.remove(a.key);
          return;
        }
        const key = refKey(a.tracked.ref);
        a.tracked.containerWarnings = tracked.get(key)?.containerWarnings ?? [];
        controller.upsert(key, a.tracked);
        if (a.warningsChanged) reportWarnings(a.tracked);
      },
      remove(kind, obj) {
        const a = admit(kind, obj, undefined);
        const key = 'tracked' in a ? refKey(a.tracked.ref) : a.key;
        if (key) controller.remove(key);
      },
    },
    {
      kinds: options.kinds ?? ALL_KINDS,
      namespaces: options.namespaces && options.namespaces.length > 0 ? options.namespaces : undefined,
      restartDelayMs: options.restartDelayMs ?? 1000,
      maxRestartDelayMs: 30_000,
      ...(options.clock ? { clock: options.clock } : {}),
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
      controller.onImageStreamChanged(stream);
      await controller.idle();
    },
    onImageStreamDeleted: (namespace, name) => controller.onImageStreamDeleted(namespace, name),
    forgetStreams: () => controller.forgetStreams(),
    async resync() {
      controller.wakeAll();
      await controller.idle();
    },
    ready: () => informers.synced(),
    idle: () => controller.idle(),
    describe(ref) {
      const t = tracked.get(refKey(ref));
      return t ? describeTracked(t) : undefined;
    },
    objects: () => [...tracked.values()].map(describeTracked),
    wake(target) {
      for (const [key, t] of tracked) if (workloadTarget(t) === target) controller.wake(key);
    },
    async stop() {
      await informers.stop();
      await controller.stop();
    },
  };
}

function findPrevious(
  tracked: ReadonlyMap<string, TrackedObject>,
  kind: WorkloadKind,
  obj: unknown,
): TrackedObject | undefined {
  const meta = (obj as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  if (typeof meta?.name !== 'string' || typeof meta.namespace !== 'string') return undefined;
  return tracked.get(refKey({ kind, namespace: meta.namespace, name: meta.name }));
}
