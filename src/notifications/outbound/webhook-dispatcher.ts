/**
 * Delivers tag changes to the webhook subscriptions, off the write path: publish() only queues.
 * Each subscription has its own bounded queue and one worker, so a slow or dead receiver delays
 * nobody else; a full queue drops its oldest event (counted). Failed attempts are retried with
 * capped exponential backoff, a bounded number of times; the last deliveries are kept in memory.
 */
import { deliverWithRetries } from './deliver-with-retries.js';
import type { CloudEvent } from 'cloudevents';
import { logger } from '../../observability/logger.js';
import { systemClock, type Clock } from '../../controllers/clock.js';
import { webhookDeliveries, webhookQueueDepth } from '../metrics.js';
import { tagUpdatedEvent, type TagUpdatedData } from './cloudevent.js';
import { httpSender, type WebhookSender } from './http-sender.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
import type { TagChange } from './tag-changes.js';
import type { WebhookSubscription } from './webhook-config.js';

const log = logger('notifications');

export const DeliveryResult = { Success: 'success', Failure: 'failure', Dropped: 'dropped' } as const;
export type DeliveryResult = (typeof DeliveryResult)[keyof typeof DeliveryResult];

export interface DeliveryRecord {
  /** the CloudEvent id */
  id: string;
  subject: string;
  result: DeliveryResult;
  attempts: number;
  /** the receiver's last HTTP status */
  status?: number;
  /** why the last attempt failed (never contains the secret) */
  error?: string;
  /** when the delivery finished */
  time: string;
  durationMs: number;
}

export interface WebhookDispatcherOptions {
  subscriptions: WebhookSubscription[];
  /** events waiting per subscription before the oldest is dropped (default 1000) */
  maxQueue?: number;
  retry?: Partial<RetryPolicy>;
  /** per attempt (default 10 s) */
  timeoutMs?: number;
  /** deliveries remembered per subscription (default 50) */
  keepDeliveries?: number;
  send?: WebhookSender;
  clock?: Pick<Clock, 'now' | 'sleep'>;
}

export interface WebhookDispatcher {
  publish(change: TagChange): void;
  deliveries(subscription: string): DeliveryRecord[];
  queueDepth(subscription: string): number;
  /** resolves when every queue is empty and no delivery is running */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

type Event = CloudEvent<TagUpdatedData>;

interface Context {
  policy: RetryPolicy;
  send: WebhookSender;
  clock: Pick<Clock, 'now' | 'sleep'>;
  keep: number;
  maxQueue: number;
  signal: AbortSignal;
}

class SubscriptionWorker {
  readonly sub: WebhookSubscription;
  private readonly ctx: Context;
  private readonly queue: Event[] = [];
  readonly history: DeliveryRecord[] = [];
  running: Promise<void> | undefined;

  constructor(sub: WebhookSubscription, ctx: Context) {
    this.sub = sub;
    this.ctx = ctx;
  }

  get depth(): number {
    return this.queue.length;
  }

  accepts(namespace: string): boolean {
    return !this.sub.namespaces || this.sub.namespaces.includes(namespace);
  }

  enqueue(event: Event): void {
    this.queue.push(event);
    if (this.queue.length > this.ctx.maxQueue) {
      const dropped = this.queue.shift()!;
      this.remember({
        id: dropped.id,
        subject: dropped.subject ?? '',
        result: DeliveryResult.Dropped,
        attempts: 0,
        time: new Date(this.ctx.clock.now()).toISOString(),
        durationMs: 0,
      });
      webhookDeliveries.inc({ result: DeliveryResult.Dropped });
    }
    webhookQueueDepth.set({ subscription: this.sub.name }, this.queue.length);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private remember(record: DeliveryRecord): void {
    this.history.push(record);
    if (this.history.length > this.ctx.keep) this.history.shift();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.ctx.signal.aborted) {
      const event = this.queue.shift()!;
      webhookQueueDepth.set({ subscription: this.sub.name }, this.queue.length);
      this.remember(await this.deliver(event));
    }
  }

  private async deliver(event: Event): Promise<DeliveryRecord> {
    const started = this.ctx.clock.now();
    const last = await deliverWithRetries(
      event,
      {
        url: this.sub.url,
        urlLabel: this.sub.name,
        ...(this.sub.secret ? { secret: this.sub.secret } : {}),
        ...(this.sub.mode ? { mode: this.sub.mode } : {}),
      },
      this.ctx,
    );
    const { ok, attempts } = last;
    if (!ok)
      log.warn(
        { subscription: this.sub.name, status: last.status, attempts, error: last.error },
        'webhook delivery failed',
      );
    const finished = new Date(this.ctx.clock.now());
    const record: DeliveryRecord = {
      id: event.id,
      subject: event.subject ?? '',
      result: ok ? DeliveryResult.Success : DeliveryResult.Failure,
      attempts,
      time: finished.toISOString(),
      durationMs: finished.getTime() - started,
    };
    if (last.status !== undefined) record.status = last.status;
    if (last.error !== undefined) record.error = last.error;
    return record;
  }
}

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const abort = new AbortController();
  const clock = options.clock ?? systemClock;
  const ctx: Context = {
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    send: options.send ?? httpSender(options.timeoutMs ?? 10_000),
    clock,
    keep: options.keepDeliveries ?? 50,
    maxQueue: options.maxQueue ?? 1000,
    signal: abort.signal,
  };
  const workers = new Map(options.subscriptions.map((s) => [s.name, new SubscriptionWorker(s, ctx)]));
  const idle = async (): Promise<void> => {
    for (;;) {
      const running = [...workers.values()].map((w) => w.running).filter((p) => p !== undefined);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  };
  return {
    publish(change) {
      if (abort.signal.aborted) return;
      const targets = [...workers.values()].filter((w) => w.accepts(change.namespace));
      if (targets.length === 0) return;
      // one event (one id) for every subscriber: receivers can de-duplicate on it
      const event = tagUpdatedEvent(change, new Date(clock.now()));
      for (const w of targets) w.enqueue(event);
    },
    deliveries: (name) => [...(workers.get(name)?.history ?? [])],
    queueDepth: (name) => workers.get(name)?.depth ?? 0,
    idle,
    async stop() {
      abort.abort();
      await idle();
    },
  };
}
