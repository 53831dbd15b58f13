import { describe, expect, it } from 'vitest';
import { scheduleFromSettings } from '../../../../src/importer/serve-extension.js';
import { IMPORTER_SERVE_FLAGS } from '../../../../src/importer/serve-flags.js';
import { resolveSettings } from '../../../../src/importer/schedule/index.js';

describe('scheduled import settings', () => {
  it('defaults to OpenShift: 15 minutes, 60 per minute, 4 per registry, backoff 30 s..1 h', () => {
    const s = resolveSettings({});
    expect(s).toMatchObject({ intervalMs: 900_000, maxPerMinute: 60, concurrencyPerRegistry: 4 });
    expect(s.tagBackoff).toEqual({ baseMs: 30_000, maxMs: 3_600_000 });
    expect(s.catchUpMs).toBe(60_000);
  });

  it('reads the serve flags: Go-style interval, per-minute cap, disable', () => {
    expect(
      scheduleFromSettings({ scheduledImportInterval: '30s', maxScheduledImportsPerMinute: -1 }),
    ).toEqual({
      intervalMs: 30_000,
      maxPerMinute: -1,
    });
    expect(scheduleFromSettings({ disableScheduledImport: true })).toBe(false);
    expect(() => scheduleFromSettings({ scheduledImportInterval: 'soon' })).toThrow(
      /^--scheduled-import-interval: "soon" is not a duration/,
    );
    expect(scheduleFromSettings({ scheduledImportInterval: '1m30s' })).toEqual({ intervalMs: 90_000 });
  });

  it('declares the flags with their defaults and rejects a bad duration on the command line', () => {
    const interval = IMPORTER_SERVE_FLAGS.find((f) => f.option === 'scheduledImportInterval');
    expect(interval).toMatchObject({ flags: '--scheduled-import-interval <duration>', defaultValue: '15m' });
    expect(() => (interval as { parse: (v: string) => unknown }).parse('15 min')).toThrow(/not a duration/);
    expect((interval as { parse: (v: string) => unknown }).parse('1h30m')).toBe('1h30m');
    const max = IMPORTER_SERVE_FLAGS.find((f) => f.option === 'maxScheduledImportsPerMinute');
    expect(max).toMatchObject({ defaultValue: '60' });
    expect(IMPORTER_SERVE_FLAGS.some((f) => f.flags === '--disable-scheduled-import')).toBe(true);
  });
});
