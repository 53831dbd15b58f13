/**
 * One channel's delivery, off the write path: offer() only queues (after de-duplication), one
 * worker sends in order, waiting for the rate limit, retrying failed attempts with capped
 * exponential backoff a bounded number of times. A full queue drops its oldest notice (counted).
 */
import { logger } from '../../observability/logger.js';
import type { Clock } from '../../controllers/clock.js';
import { channelAttempts, channelNotifications } from '../metrics.js';
import { retryDelayMs, type RetryPolicy } from '../outbound/retry.js';
import { attemptSend, type AttemptOutcome, type Channel, type ChannelTransport } from './channel.js';
import type { Notice } from './notice.js';
import { DedupeWindow, TokenBucket, type RateLimit } from './rate-limit.js';

const log = logger('notifications');

export interface ChannelDelivery {
  key: string;
  event: string;
  result: 'sent' | 'failed' | 'dropped';
  attempts: number;
  status?: number;
  /** never contains a credential */
  error?: string;
  time: string;
}

export interface WorkerContext {
  transport: ChannelTransport;
  policy: RetryPolicy;
  rate: RateLimit;
  dedupeWindowMs: number;
  maxQueue: number;
  keep: number;
  clock: Pick<Clock, 'now' | 'sleep'>;
  signal: AbortSignal;
}

export class ChannelWorker {
  readonly channel: Channel;
  readonly history: ChannelDelivery[] = [];
  private readonly ctx: WorkerContext;
  private readonly queue: Notice[] = [];
  private readonly bucket: TokenBucket;
  private readonly dedupe: DedupeWindow;
  running: Promise<void> | undefined;

  constructor(channel: Channel, ctx: WorkerContext) {
    this.channel = channel;
    this.ctx = ctx;
    this.bucket = new TokenBucket(ctx.rate);
    this.dedupe = new DedupeWindow(ctx.dedupeWindowMs);
  }

  get depth(): number {
    return this.queue.length;
  }

  /** false when the same news was offered within the de-duplication window */
  offer(notice: Notice): boolean {
    const service = this.channel.target.service;
    if (this.dedupe.repeat(notice.key, this.ctx.clock.now())) {
      channelNotifications.inc({ service, result: 'duplicate' });
      return false;
    }
    this.queue.push(notice);
    if (this.queue.length > this.ctx.maxQueue) {
      const dropped = this.queue.shift()!;
      this.remember(dropped, { result: 'dropped', attempts: 0 });
    }
    this.running ??= this.drain().finally(() => (this.running = undefined));
    return true;
  }

  private remember(notice: Notice, d: Omit<ChannelDelivery, 'key' | 'event' | 'time'>): void {
    channelNotifications.inc({ service: this.channel.target.service, result: d.result });
    this.history.push({
      key: notice.key,
      event: notice.event,
      time: new Date(this.ctx.clock.now()).toISOString(),
      ...d,
    });
    if (this.history.length > this.ctx.keep) this.history.shift();
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.ctx.signal.aborted) {
      await this.waitForToken();
      const notice = this.queue.shift();
      if (notice && !this.ctx.signal.aborted) await this.deliver(notice);
    }
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      const wait = this.bucket.take(this.ctx.clock.now());
      if (wait === 0 || this.ctx.signal.aborted) return;
      await this.ctx.clock.sleep(wait, this.ctx.signal);
    }
  }

  private async deliver(notice: Notice): Promise<void> {
    const service = this.channel.target.service;
    let attempts = 0;
    let last: AttemptOutcome = { ok: false, retryable: false, error: 'stopped before the first attempt' };
    while (attempts < this.ctx.policy.maxAttempts && !this.ctx.signal.aborted) {
      attempts++;
      last = await attemptSend(this.channel, notice, this.ctx.transport, this.ctx.signal);
      if (last.ok) break;
      const again = last.retryable && attempts < this.ctx.policy.maxAttempts;
      channelAttempts.inc({ service, result: again ? 'retry' : 'failure' });
      if (!again) break;
      await this.ctx.clock.sleep(retryDelayMs(attempts, this.ctx.policy), this.ctx.signal);
    }
    if (last.ok) channelAttempts.inc({ service, result: 'success' });
    else
      log.warn(
        {
          channel: this.channel.id,
          service,
          event: notice.event,
          attempts,
          status: last.status,
          error: last.error,
        },
        'notification not delivered',
      );
    this.remember(notice, {
      result: last.ok ? 'sent' : 'failed',
      attempts,
      ...(last.status !== undefined ? { status: last.status } : {}),
      ...(last.error !== undefined ? { error: last.error } : {}),
    });
  }
}
