/**
 * The WebhookTrigger controller (leader only): reconciles a trigger when it changes or when the
 * stream it follows changes. Level-triggered: the decision reads the trigger's status (the digest
 * last fired for) and the stream's tag, so a missed event or a restart never fires twice for one
 * digest (except a delivery cut off by a crash, repeated with the same CloudEvent id).
 */
import type { CloudEvent } from 'cloudevents';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { EventType, type EventRecorder } from '../../notifications/outbound/event-recorder.js';
import { httpSender, type WebhookSender } from '../../notifications/outbound/http-sender.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../notifications/outbound/retry.js';
import { logger } from '../../observability/logger.js';
import { guaranteedUpdate } from '../../store/guaranteed-update.js';
import { IMAGE_STREAMS, WEBHOOK_TRIGGERS } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import { followImageStreams } from '../skeleton/follow-streams.js';
import { createTriggerController, type ReconcileResult } from '../skeleton/trigger-controller.js';
import type { ResolvedTagImage } from '../../api/tag-history.js';
import type { ImageStream } from '../../api/types.js';
import { decideWebhook } from './decide.js';
import { webhookGate } from './gate.js';
import { deliverEvent, type DeliveryOutcomeRecord } from './deliver.js';
import { triggerFiredEvent, type TriggerFiredData } from './fired-event.js';
import { DeliveryOutcome, followedTag, type WebhookTrigger, type WebhookTriggerStatus } from './schema.js';
import { resolveSecret } from './secrets.js';
import { watchWebhookTriggers } from './trigger-watch.js';

const log = logger('triggers.webhook');

export interface WebhookTriggerControllerOptions {
  store: Store;
  /** where secretRef.env is looked up (default process.env) */
  env?: Record<string, string | undefined>;
  events?: EventRecorder;
  send?: WebhookSender;
  retry?: Partial<RetryPolicy>;
  /** per attempt (default 10 s) */
  timeoutMs?: number;
  clock?: Clock;
  /** checked right before each delivery */
  isLeader?: () => boolean;
  /** host[:port] of `status.dockerImageRepository` (the Local reference policy), read on every use */
  dockerImageRepositoryHost?: () => string | undefined;
}

export interface WebhookTriggerController {
  /** resolves once both watches delivered the current state and nothing is queued or running */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

function statusFor(
  digest: string,
  eventId: string,
  out: DeliveryOutcomeRecord,
  at: Date,
): WebhookTriggerStatus {
  const status: WebhookTriggerStatus = {
    lastDigest: digest,
    lastResult: out.ok ? DeliveryOutcome.Success : DeliveryOutcome.Failure,
    attempts: out.attempts,
    lastTime: at.toISOString(),
    lastEventId: eventId,
  };
  if (out.status !== undefined) status.lastStatus = out.status;
  if (out.error !== undefined) status.lastError = out.error;
  return status;
}

function firedEvent(
  t: WebhookTrigger,
  image: ResolvedTagImage,
  oldDigest: string | undefined,
  now: Date,
): CloudEvent<TriggerFiredData> {
  const f = followedTag(t);
  const data: TriggerFiredData = {
    namespace: f.namespace,
    stream: f.stream,
    tag: f.tag,
    oldDigest: oldDigest ?? null,
    newDigest: image.digest,
    dockerImageReference: image.reference,
    trigger: t.metadata.name,
    triggerNamespace: t.metadata.namespace ?? '',
  };
  return triggerFiredEvent(data, t.metadata.uid ?? `${t.metadata.namespace ?? ''}/${t.metadata.name}`, now);
}

export function startWebhookTriggerController(o: WebhookTriggerControllerOptions): WebhookTriggerController {
  const abort = new AbortController();
  const clock = o.clock ?? systemClock;
  const policy = { ...DEFAULT_RETRY_POLICY, ...o.retry };
  const send = o.send ?? httpSender(o.timeoutMs ?? 10_000);

  const writeStatus = async (t: WebhookTrigger, status: WebhookTriggerStatus, delivered?: string) => {
    const ns = t.metadata.namespace ?? '';
    await guaranteedUpdate(o.store, WEBHOOK_TRIGGERS, ns, t.metadata.name, (current) => {
      if (current.metadata.uid !== t.metadata.uid) return undefined;
      const before: WebhookTriggerStatus = current.status ?? {};
      const lastDeliveredDigest = delivered ?? before.lastDeliveredDigest;
      const lastDigest = status.lastDigest ?? before.lastDigest;
      const next: WebhookTriggerStatus = { ...status };
      if (lastDeliveredDigest) next.lastDeliveredDigest = lastDeliveredDigest;
      if (lastDigest) next.lastDigest = lastDigest;
      return { ...current, status: next };
    });
  };

  const record = async (t: WebhookTrigger, ok: boolean, message: string) => {
    await o.events
      ?.record(
        {
          kind: t.kind,
          apiVersion: t.apiVersion,
          name: t.metadata.name,
          namespace: t.metadata.namespace ?? '',
          ...(t.metadata.uid ? { uid: t.metadata.uid } : {}),
        },
        ok ? EventType.Normal : EventType.Warning,
        ok ? 'WebhookDelivered' : 'WebhookFailed',
        message,
      )
      .catch((err: unknown) => log.warn({ err }, 'cannot record a webhook trigger event'));
  };

  const deliver = (
    t: WebhookTrigger,
    event: CloudEvent<TriggerFiredData>,
  ): Promise<DeliveryOutcomeRecord> => {
    const secret = resolveSecret(t.spec.secretRef, o.env ?? process.env);
    if (!secret.ok) return Promise.resolve({ ok: false, attempts: 0, error: secret.error });
    const target = { url: t.spec.url, ...(secret.value ? { secret: secret.value } : {}) };
    return deliverEvent(event, target, { send, policy, clock, signal: abort.signal });
  };

  const report = async (t: WebhookTrigger, digest: string, out: DeliveryOutcomeRecord) => {
    const f = followedTag(t);
    const what = `${f.stream}:${f.tag} moved to ${digest.slice(0, 19)}`;
    const message = out.ok
      ? `${what}: webhook delivered`
      : `${what}: webhook failed after ${out.attempts} attempts: ${out.error ?? ''}`;
    await record(t, out.ok, message);
    if (!out.ok)
      log.warn(
        {
          trigger: `${t.metadata.namespace ?? ''}/${t.metadata.name}`,
          attempts: out.attempts,
          status: out.status,
          error: out.error,
        },
        'webhook trigger delivery failed',
      );
  };

  const gates = webhookGate({ store: o.store, events: o.events, clock, wake: (key) => controller.wake(key) });

  /** delivers when the gates let it; a held delivery's retryAt goes to the skeleton's wake timers */
  const fire = async (t: WebhookTrigger, stream: ImageStream): Promise<ReconcileResult> => {
    const decision = decideWebhook(t, stream);
    if (!decision.fire || (o.isLeader && !o.isLeader())) return {};
    const gated = await gates.pass(t, decision.image);
    if (!gated.go) return { retryAt: gated.retryAt };
    const event = firedEvent(t, decision.image, decision.oldDigest, new Date(clock.now()));
    const out = await deliver(t, event);
    if (abort.signal.aborted && !out.ok) return {}; // stopped mid-delivery: the next leader tries again
    const digest = decision.image.digest;
    const status = statusFor(digest, event.id, out, new Date(clock.now()));
    // a configuration problem (no secret) sent nothing: the digest fires once the server is fixed
    if (out.attempts === 0) delete status.lastDigest;
    await writeStatus(t, status, out.ok ? digest : undefined);
    await report(t, digest, out);
    await gates.delivered(t, gated, out);
    return {};
  };

  const controller = createTriggerController<WebhookTrigger>({
    source: {
      name: 'webhook',
      follows: (t) => [followedTag(t)],
      async reconcile(key): Promise<ReconcileResult> {
        const [ns, name] = splitKey(key);
        const t = await o.store.get(WEBHOOK_TRIGGERS, ns, name);
        if (!t) return {};
        const stream = await controller.stream(followedTag(t).namespace, followedTag(t).stream);
        return stream ? fire(t, stream) : {};
      },
    },
    loadStream: (ns, name) => o.store.get(IMAGE_STREAMS, ns, name),
    ...(o.dockerImageRepositoryHost ? { dockerImageRepositoryHost: o.dockerImageRepositoryHost } : {}),
    clock,
    queue: { maxRetries: 10 },
    ...(o.isLeader ? { isLeader: o.isLeader } : {}),
  });
  const triggers = watchWebhookTriggers({
    store: o.store,
    clock,
    onChange: (t) =>
      controller.upsert(`${t.metadata.namespace ?? ''}/${t.metadata.name}`, t as WebhookTrigger),
    onDelete: (ns, name) => controller.remove(`${ns}/${name}`),
  });
  const streams = followImageStreams({ store: o.store, sink: controller, clock });

  return {
    async idle() {
      await triggers.synced();
      await streams.synced();
      await controller.idle();
    },
    async stop() {
      abort.abort();
      gates.stop();
      triggers.stop();
      streams.stop();
      await controller.stop();
    },
  };
}
