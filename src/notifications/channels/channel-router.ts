/**
 * Routes notices to the channels that want them: the server-wide ones (--notify, the config
 * file's `notifications:`) and each namespace's own (its channel Secrets, replaced whenever the
 * Secret changes). publish() never waits: each channel has its own queue and worker, so a slow or
 * dead receiver delays only itself and never an import.
 */
import { systemClock, type Clock } from '../../controllers/clock.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../outbound/retry.js';
import { wantsNotice, type Channel, type ChannelTransport } from './channel.js';
import { ChannelWorker, type ChannelDelivery, type WorkerContext } from './channel-worker.js';
import { httpTransport } from './http-transport.js';
import { smtpTransport } from './mailer.js';
import type { Notice } from './notice.js';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limit.js';

export interface ChannelRouterOptions {
  channels?: readonly Channel[];
  transport?: Partial<ChannelTransport>;
  retry?: Partial<RetryPolicy>;
  rate?: Partial<RateLimit>;
  /** the same notice key reaches a channel once in this window (default 10 min) */
  dedupeWindowMs?: number;
  /** notices waiting per channel before the oldest is dropped (default 100) */
  maxQueue?: number;
  /** deliveries remembered per channel (default 50) */
  keepDeliveries?: number;
  clock?: Pick<Clock, 'now' | 'sleep'>;
}

export interface ChannelRouter {
  publish(notice: Notice): void;
  /** the channels of one source (a namespace's Secret); an empty list removes them */
  setChannels(source: string, channels: readonly Channel[]): void;
  channelIds(): string[];
  deliveries(id: string): ChannelDelivery[];
  /** resolves when every queue is empty and nothing is being sent */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const SERVER_WIDE = '';

export function createChannelRouter(options: ChannelRouterOptions = {}): ChannelRouter {
  const abort = new AbortController();
  const ctx: WorkerContext = {
    transport: {
      http: options.transport?.http ?? httpTransport(),
      mail: options.transport?.mail ?? smtpTransport(),
    },
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    rate: { ...DEFAULT_RATE_LIMIT, ...options.rate },
    dedupeWindowMs: options.dedupeWindowMs ?? 10 * 60_000,
    maxQueue: options.maxQueue ?? 100,
    keep: options.keepDeliveries ?? 50,
    clock: options.clock ?? systemClock,
    signal: abort.signal,
  };
  /** source -> channel id -> worker */
  const sources = new Map<string, Map<string, ChannelWorker>>();
  const all = (): ChannelWorker[] => [...sources.values()].flatMap((m) => [...m.values()]);

  const setChannels = (source: string, channels: readonly Channel[]): void => {
    const before = sources.get(source) ?? new Map<string, ChannelWorker>();
    const next = new Map<string, ChannelWorker>();
    for (const c of channels) {
      const kept = before.get(c.id);
      // an unchanged channel keeps its worker: its queue, rate limit and de-duplication
      next.set(c.id, kept?.channel.fingerprint === c.fingerprint ? kept : new ChannelWorker(c, ctx));
    }
    if (next.size === 0) sources.delete(source);
    else sources.set(source, next);
  };
  setChannels(SERVER_WIDE, options.channels ?? []);

  const idle = async (): Promise<void> => {
    for (;;) {
      const running = all()
        .map((w) => w.running)
        .filter((p) => p !== undefined);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  };

  return {
    publish(notice) {
      if (abort.signal.aborted) return;
      for (const w of all()) if (wantsNotice(w.channel, notice)) w.offer(notice);
    },
    setChannels,
    channelIds: () => all().map((w) => w.channel.id),
    deliveries: (id) => [...(all().find((w) => w.channel.id === id)?.history ?? [])],
    idle,
    async stop() {
      abort.abort();
      await idle();
    },
  };
}
