import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { serveOptions, toServeSettings } from '../../../../src/cli/commands/serve-flags.js';
import { serverWideChannels } from '../../../../src/notifications/channels/channel-config.js';
import { createChannelRouter } from '../../../../src/notifications/channels/channel-router.js';
import { buildNotices } from '../../../../src/notifications/channels/detect-builds.js';
import {
  parseDedupeWindow,
  parseRateLimit,
} from '../../../../src/notifications/channels/delivery-settings.js';
import type { RateLimit } from '../../../../src/notifications/channels/rate-limit.js';
import { notificationsOptionsFrom } from '../../../../src/notifications/serve-extension.js';
import {
  NOTIFICATIONS_SERVE_FLAGS,
  notificationsSettings,
} from '../../../../src/notifications/serve-flags.js';
import { sleepingClock, type SleepingClock } from '../../../support/sleeping-clock.js';

function parse(args: string[]) {
  const cmd = new Command('serve').exitOverride().configureOutput({ writeErr: () => undefined });
  for (const o of serveOptions(NOTIFICATIONS_SERVE_FLAGS)) cmd.addOption(o);
  cmd.parse(args, { from: 'user' });
  return toServeSettings(cmd.opts(), NOTIFICATIONS_SERVE_FLAGS);
}

const failed = (name: string) =>
  buildNotices(
    undefined,
    { metadata: { name, namespace: 'ns' }, status: { phase: 'Failed' } },
    '2026-01-01T00:00:00Z',
  )[0]!;

function router(clock: SleepingClock, rate: RateLimit | undefined, dedupeWindowMs?: number) {
  let sent = 0;
  const r = createChannelRouter({
    channels: serverWideChannels(['generic+https://h/x'], []),
    transport: { http: async () => (sent++, { status: 200 }) },
    clock,
    ...(rate ? { rate } : {}),
    ...(dedupeWindowMs === undefined ? {} : { dedupeWindowMs }),
  });
  return { r, sent: () => sent };
}

describe('--notify-rate-limit and --notify-dedupe-window', () => {
  it('reads COUNT/DURATION as a burst of COUNT, then COUNT per DURATION', () => {
    expect(parseRateLimit('10/1m')).toEqual({ burst: 10, intervalMs: 6000 });
    expect(parseRateLimit(' 3 / 1s ')).toEqual({ burst: 3, intervalMs: 1000 / 3 });
    expect(parseRateLimit('none').intervalMs).toBe(0);
    expect(parseRateLimit('0').intervalMs).toBe(0);
  });

  it('refuses a malformed value, naming the flag', () => {
    expect(() => parseRateLimit('10')).toThrow(/^--notify-rate-limit: "10" is not COUNT\/DURATION/);
    expect(() => parseRateLimit('0/1m')).toThrow(/--notify-rate-limit: the count .* 1 or more/);
    expect(() => parseRateLimit('5/0s')).toThrow(/--notify-rate-limit: the duration .* more than 0/);
    expect(() => parseRateLimit('5/soon')).toThrow(/^--notify-rate-limit: /);
    expect(() => parseDedupeWindow('-1m')).toThrow(/^--notify-dedupe-window: .*negative/);
    expect(() => parseDedupeWindow('later')).toThrow(/^--notify-dedupe-window: /);
  });

  it('reaches the channel router through isctl serve settings', async () => {
    const settings = parse(['--notify-dedupe-window', '30s', '--notify-rate-limit', '4/2s']);
    expect(settings).toMatchObject({ notifyDedupeWindowMs: 30_000 });
    const options = await notificationsOptionsFrom(settings);
    expect(options.channelOptions).toEqual({ dedupeWindowMs: 30_000, rate: { burst: 4, intervalMs: 500 } });
    expect((await notificationsOptionsFrom(parse([]))).channelOptions).toBeUndefined();
    expect(() => parse(['--notify-rate-limit', 'fast'])).toThrow(/--notify-rate-limit/);
  });

  it('sends the same news twice when the window is 0, once with the default window', async () => {
    for (const [window, expected] of [
      [0, 2],
      [undefined, 1],
    ] as const) {
      const clock = sleepingClock();
      const { r, sent } = router(clock, undefined, window);
      r.publish(failed('b-1'));
      await r.idle();
      r.publish(failed('b-1'));
      await r.idle();
      expect(sent()).toBe(expected);
    }
  });

  it('spaces messages by the configured rate, and not at all without a limit', async () => {
    const limited = sleepingClock();
    const a = router(limited, parseRateLimit('2/1s'));
    for (const n of ['b-1', 'b-2', 'b-3', 'b-4']) a.r.publish(failed(n));
    await a.r.idle();
    expect(a.sent()).toBe(4);
    expect(limited.sleeps).toEqual([500, 500]);
    const free = sleepingClock();
    const b = router(free, parseRateLimit('none'));
    for (let i = 0; i < 30; i++) b.r.publish(failed(`b-${i}`));
    await b.r.idle();
    expect(b.sent()).toBe(30);
    expect(free.sleeps).toEqual([]);
  });
});

describe('notifications settings schema', () => {
  it('reads the parsed flags and text alike', () => {
    expect(
      notificationsSettings({
        notifyRateLimit: '10/1m',
        notifyDedupeWindowMs: '10m',
        notify: 'ntfy://h/t,x',
      }),
    ).toMatchObject({
      notifyRateLimit: { burst: 10, intervalMs: 6000 },
      notifyDedupeWindowMs: 600_000,
      notify: ['ntfy://h/t,x'],
    });
  });

  it('refuses bad values naming the flag once, and never quotes a secret', () => {
    expect(() => notificationsSettings({ notifyRateLimit: 'fast' })).toThrow(
      /^--notify-rate-limit: "fast" is not COUNT\/DURATION/,
    );
    expect(() => notificationsSettings({ coalesceWindowMs: -1 })).toThrow(
      /^--notifications-coalesce-window: /,
    );
    let message = '';
    try {
      notificationsSettings({ notificationsToken: { token: 's3cret-value' } });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe('--notifications-token: must be text');
  });
});
