import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { SERVE_FLAGS, serveOptions, toServeSettings } from '../../../src/cli/commands/serve-flags.js';
import { cacheControlFor, consoleHeaders, CONTENT_SECURITY_POLICY } from '../../../src/console/headers.js';
import { consoleExtensionFromSettings } from '../../../src/console/serve-extension.js';

describe('console response headers', () => {
  it('keeps hashed assets for good and revalidates everything else', () => {
    expect(cacheControlFor('/console/assets/index-3f2a1b.js', 200)).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(cacheControlFor('/console/', 200)).toBe('no-cache');
    expect(cacheControlFor('/console/ns/a/imagestreams/b', 200)).toBe('no-cache');
    expect(cacheControlFor('/console/assets/gone.js', 404)).toBe('no-store');
  });

  it('allows scripts, styles and requests from this origin only, and no framing', () => {
    const headers = consoleHeaders('/console/', 200);
    expect(headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('isctl serve --disable-console', () => {
  const parse = (argv: string[]) => {
    const cmd = new Command().exitOverride();
    for (const option of serveOptions(SERVE_FLAGS)) cmd.addOption(option);
    cmd.parse(argv, { from: 'user' });
    return toServeSettings(cmd.opts());
  };

  it('serves the console by default and not with the flag', async () => {
    expect(parse([]).disableConsole).toBeUndefined();
    expect(await consoleExtensionFromSettings(parse([]))).toMatchObject({ name: 'console' });
    expect(parse(['--disable-console']).disableConsole).toBe(true);
    expect(await consoleExtensionFromSettings(parse(['--disable-console']))).toBeUndefined();
  });
});
