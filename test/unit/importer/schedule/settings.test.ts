import { describe, expect, it } from 'vitest';
import { scheduleFromSettings } from '../../../../src/importer/serve-extension.js';
import { IMPORTER_SERVE_FLAGS, importerSettings } from '../../../../src/importer/serve-flags.js';
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

describe('importer settings schema', () => {
  it('reads defaults given as text, and the interval as seconds when a number', () => {
    expect(
      importerSettings({
        registryRequestTimeout: '30s',
        maxListedTags: '10000',
        scheduledImportInterval: 90,
      }),
    ).toMatchObject({
      registryRequestTimeout: 30_000,
      maxListedTags: 10_000,
      scheduledImportInterval: 90_000,
    });
  });

  it('refuses bad values naming the flag', () => {
    expect(() => importerSettings({ registryRequestTimeout: '0s' })).toThrow(
      /^--registry-request-timeout: must be above zero$/,
    );
    expect(() => importerSettings({ maxTagsPerRepository: '-2' })).toThrow(
      /^--max-tags-per-repository: must be a whole number >= -1/,
    );
    expect(() => importerSettings({ maxScheduledImportsPerMinute: 'lots' })).toThrow(
      /^--max-scheduled-imports-per-minute: /,
    );
    expect(() => importerSettings({ imageImport: 'no' })).toThrow(
      /^--no-image-import: must be true or false$/,
    );
    expect(() => importerSettings({ allowedRegistries: 3 })).toThrow(/^--allowed-registries: /);
  });
});
