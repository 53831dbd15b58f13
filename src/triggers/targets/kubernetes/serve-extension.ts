/**
 * The Kubernetes target as `isctl serve --kubeconfig F` runs it: on the leader only, it follows
 * the store's image streams and patches the workloads whose trigger annotation names a moved
 * tag, then follows each rollout to its end. Every rollout is a Rollout object in the store
 * (`kubectl get rollouts`) with the Docker target's RolloutSucceeded/RolloutFailed events; the
 * workload also gets an ImageTriggered (or ImageTriggerFailed) event when its rollout ends. Trigger
 * warnings become Warning events. Tested against an in-test API server only (docs/kubernetes-target.md).
 */
import { withDockerImageRepository } from '../../../api/image-stream-repository.js';
import type { ImageStream } from '../../../api/types.js';
import type { Informer } from '../../../controllers/informer.js';
import { createEventRecorder, EventType } from '../../../notifications/index.js';
import { logger } from '../../../observability/logger.js';
import type { ServerExtension } from '../../../server/serve.js';
import type { ServerContext } from '../../../server/server-context.js';
import { IMAGE_STREAMS } from '../../../store/resource-types.js';
import { startKubernetesTarget, type KubernetesTarget } from './index.js';
import { followImageStreams } from './stream-follower.js';
import { kubernetesSettings, type KubernetesSettings } from './serve-flags.js';
import { systemClock } from '../../../controllers/clock.js';
import { createGateKeeper } from '../../gates/gate-keeper.js';
import { watchGateDecisions } from '../../gates/decision-watch.js';
import { createRolloutStore } from '../../rollout-store.js';
import type { RolloutRecord, RolloutRecorder } from '../../rollout-record.js';
import type { EventRecorder } from '../../../notifications/index.js';

const log = logger('kubernetes-target');

function startOnLeader(ctx: ServerContext, settings: KubernetesSettings): () => Promise<void> {
  const events = createEventRecorder({ store: ctx.store });
  let running: { target: KubernetesTarget; streams: Informer; decisions: { stop(): void } } | undefined;
  const host = () => ctx.settings.dockerImageRepositoryHost;
  const decorate = withDockerImageRepository(host);
  const start = async (): Promise<void> => {
    const target = await startKubernetesTarget({
      ...(settings.kubeconfig !== undefined ? { kubeconfigPath: settings.kubeconfig } : {}),
      ...(settings.inCluster === true ? { inCluster: true } : {}),
      ...(settings.kubeNamespaces !== undefined ? { namespaces: settings.kubeNamespaces } : {}),
      gate: createGateKeeper({ store: ctx.store, events, now: () => Date.now() }),
      getImageStream: async (ns, name) => {
        const stream = (await ctx.store.get(IMAGE_STREAMS, ns, name)) as ImageStream | undefined;
        return stream && decorate(stream);
      },
      onWarning: (ref, warnings) => {
        for (const w of warnings)
          void events.record(ref, EventType.Warning, 'InvalidTrigger', `${w.field}: ${w.message}`);
      },
      recorder: storeRecorder(ctx, events),
    });
    // an approval or rejection (isctl approve/reject rollout) wakes the workload it holds
    const decisions = watchGateDecisions({
      store: ctx.store,
      clock: systemClock,
      onDecision: (t) => target.wake(t),
    });
    const streams = followImageStreams({ store: ctx.store, target, dockerImageRepositoryHost: host });
    running = { target, streams, decisions };
  };
  const stop = async (): Promise<void> => {
    const r = running;
    running = undefined;
    r?.decisions.stop();
    r?.streams.stop();
    await r?.target.stop();
  };
  const off = ctx.leader.onChange((leader) => {
    (leader ? start() : stop()).catch((err: unknown) =>
      log.error({ err }, 'the Kubernetes target failed to start'),
    );
  });
  ctx.readiness.add('kubernetes-target', async () => {
    if (ctx.leader.isLeader() && running && !running.target.ready()) throw new Error('informers not synced');
  });
  return async () => {
    off();
    await stop();
  };
}

/** Rollout objects in the store (resumed by id after a leader change) and the events. */
function storeRecorder(ctx: ServerContext, events: EventRecorder): RolloutRecorder {
  const rollouts = createRolloutStore({ store: ctx.store, events });
  const inStore = (r: Readonly<RolloutRecord>) => (r.from ? rollouts.recorder(r.from) : undefined);
  return {
    progress: async (r) => {
      await inStore(r)?.progress?.(r);
    },
    finished: async (r) => {
      await inStore(r)?.finished(r);
      const [kind, namespace, name] = r.target.replace(/^kubernetes:/, '').split('/');
      if (!kind || !namespace || !name) return;
      const ok = r.result === 'Succeeded';
      await events.record(
        { kind: kindName(kind), apiVersion: '', namespace, name },
        ok ? EventType.Normal : EventType.Warning,
        ok ? 'ImageTriggered' : 'ImageTriggerFailed',
        `${r.containers.join(',')} set to ${r.toReference}${r.reason ? `: ${r.reason}` : ''}`,
      );
    },
  };
}

const KIND_NAMES: Record<string, string> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  daemonset: 'DaemonSet',
  cronjob: 'CronJob',
  pod: 'Pod',
};
const kindName = (lower: string) => KIND_NAMES[lower] ?? lower;

export async function kubernetesExtensionFromSettings(
  raw: Record<string, unknown>,
): Promise<ServerExtension | undefined> {
  const settings = kubernetesSettings(raw);
  if (settings.kubeconfig === undefined && settings.inCluster !== true) return undefined;
  let stop: (() => Promise<void>) | undefined;
  return {
    name: 'kubernetes-target',
    register(_app, ctx) {
      stop = startOnLeader(ctx, settings);
    },
    async close() {
      await stop?.();
    },
  };
}
