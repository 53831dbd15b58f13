/**
 * The Kubernetes target as `isctl serve --kubeconfig F` runs it: on the leader only, it follows
 * the store's image streams and patches the workloads whose trigger annotation names a moved
 * tag. Trigger warnings become Warning events on the stream's namespace; patches become Normal
 * events. Tested against an in-test API server only (docs/kubernetes-target.md).
 */
import type { Informer } from '../../../controllers/informer.js';
import { createEventRecorder, EventType } from '../../../notifications/index.js';
import { logger } from '../../../observability/logger.js';
import type { ServerExtension } from '../../../server/serve.js';
import type { ServerContext } from '../../../server/server-context.js';
import { IMAGE_STREAMS } from '../../../store/resource-types.js';
import { startKubernetesTarget, type ImageStreamLike, type KubernetesTarget } from './index.js';
import { followImageStreams } from './stream-follower.js';
import { systemClock } from '../../../controllers/work-queue.js';
import { createGateKeeper } from '../../gates/gate-keeper.js';
import { watchGateDecisions } from '../../gates/decision-watch.js';

const log = logger('kubernetes-target');

function startOnLeader(ctx: ServerContext, settings: Record<string, unknown>): () => Promise<void> {
  const events = createEventRecorder({ store: ctx.store });
  let running: { target: KubernetesTarget; streams: Informer; decisions: { stop(): void } } | undefined;
  const start = async (): Promise<void> => {
    const target = await startKubernetesTarget({
      ...(typeof settings.kubeconfig === 'string' ? { kubeconfigPath: settings.kubeconfig } : {}),
      ...(settings.inCluster === true ? { inCluster: true } : {}),
      ...(Array.isArray(settings.kubeNamespaces) ? { namespaces: settings.kubeNamespaces as string[] } : {}),
      gate: createGateKeeper({ store: ctx.store, events, now: () => Date.now() }),
      getImageStream: async (ns, name) =>
        (await ctx.store.get(IMAGE_STREAMS, ns, name)) as ImageStreamLike | undefined,
      onWarning: (ref, warnings) => {
        for (const w of warnings)
          void events.record(ref, EventType.Warning, 'InvalidTrigger', `${w.field}: ${w.message}`);
      },
      recorder: {
        finished: async (r) => {
          const [kind, namespace, name] = r.target.replace(/^kubernetes:/, '').split('/');
          if (!kind || !namespace || !name) return;
          await events.record(
            { kind, apiVersion: '', namespace, name },
            r.result === 'Succeeded' ? EventType.Normal : EventType.Warning,
            r.result === 'Succeeded' ? 'ImageTriggered' : 'ImageTriggerFailed',
            `${r.containers.join(',')} set to ${r.toReference}${r.reason ? `: ${r.reason}` : ''}`,
          );
        },
      },
    });
    // an approval or rejection (isctl approve/reject rollout) wakes the workload it holds
    const decisions = watchGateDecisions({
      store: ctx.store,
      clock: systemClock,
      onDecision: (t) => target.wake(t),
    });
    running = { target, streams: followImageStreams({ store: ctx.store, target }), decisions };
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

export async function kubernetesExtensionFromSettings(
  settings: Record<string, unknown>,
): Promise<ServerExtension | undefined> {
  if (typeof settings.kubeconfig !== 'string' && settings.inCluster !== true) return undefined;
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
