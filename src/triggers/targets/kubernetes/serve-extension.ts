/**
 * The Kubernetes target as `isctl serve --kubeconfig F` runs it: on the leader only, it follows
 * the store's image streams and patches the workloads whose trigger annotation names a moved
 * tag, then follows each rollout to its end. Every rollout is a Rollout object in the store
 * (`kubectl get rollouts`) with the Docker target's RolloutSucceeded/RolloutFailed events; the
 * workload also gets an ImageTriggered (or ImageTriggerFailed) event when its rollout ends. Trigger
 * warnings become Warning events. Tested against an in-test API server only (docs/kubernetes-target.md).
 */
import { whileLeader } from '../../../controllers/while-leader.js';
import { createEventRecorder, EventType } from '../../../notifications/index.js';
import type { ServerExtension } from '../../../server/serve.js';
import type { ServerContext } from '../../../server/server-context.js';
import { IMAGE_STREAMS } from '../../../store/resource-types.js';
import { startKubernetesTarget, type KubernetesTarget } from './index.js';
import { followImageStreams } from '../../skeleton/follow-streams.js';
import { kubernetesSettings, type KubernetesSettings } from './serve-flags.js';
import { systemClock } from '../../../controllers/clock.js';
import { createGateKeeper } from '../../gates/gate-keeper.js';
import { watchGateDecisions } from '../../gates/decision-watch.js';
import { createRolloutStore } from '../../rollout-store.js';
import type { RolloutRecord, RolloutRecorder } from '../../rollout-record.js';
import type { EventRecorder } from '../../../notifications/index.js';

interface Running {
  target: KubernetesTarget;
  stop(): Promise<void>;
}

function startOnLeader(ctx: ServerContext, settings: KubernetesSettings): () => Promise<void> {
  const events = createEventRecorder({ store: ctx.store });
  const start = async (): Promise<Running> => {
    const target = await startKubernetesTarget({
      ...(settings.kubeconfig !== undefined ? { kubeconfigPath: settings.kubeconfig } : {}),
      ...(settings.inCluster === true ? { inCluster: true } : {}),
      ...(settings.kubeNamespaces !== undefined ? { namespaces: settings.kubeNamespaces } : {}),
      gate: createGateKeeper({ store: ctx.store, events, now: () => Date.now() }),
      getImageStream: (ns, name) => ctx.store.get(IMAGE_STREAMS, ns, name),
      dockerImageRepositoryHost: () => ctx.settings.dockerImageRepositoryHost,
      isLeader: () => ctx.leader.isLeader(),
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
    const streams = followImageStreams({ store: ctx.store, sink: target });
    return {
      target,
      async stop() {
        decisions.stop();
        streams.stop();
        await target.stop();
      },
    };
  };
  const gated = whileLeader(ctx.leader, start, 'kubernetes-target');
  ctx.readiness.add('kubernetes-target', async () => {
    const running = gated.current();
    if (ctx.leader.isLeader() && running && !running.target.ready()) throw new Error('informers not synced');
  });
  return () => gated.stop();
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
