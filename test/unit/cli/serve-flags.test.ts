import { Command } from 'commander';
import { commaList } from '../../../src/api/comma-list.js';
import { describe, expect, it } from 'vitest';
import {
  SERVE_FLAGS,
  buildExtensions,
  serveOptions,
  toServeSettings,
  type ServeFlag,
  type ServeSettings,
} from '../../../src/cli/commands/serve-flags.js';

function parse(args: string[], flags: readonly ServeFlag[] = SERVE_FLAGS) {
  const cmd = new Command('serve').exitOverride();
  for (const o of serveOptions(flags)) cmd.addOption(o);
  cmd.parse(args, { from: 'user' });
  return toServeSettings(cmd.opts(), flags);
}

describe('serve flags', () => {
  it('defaults to 127.0.0.1:8443 and ./.imagestreams', () => {
    const settings = parse([]);
    expect(settings).toMatchObject({ listen: '127.0.0.1:8443', dataDir: './.imagestreams' });
    // only flags with defaults appear when not given
    expect(settings).not.toHaveProperty('tokenAuthFile');
    expect(settings).not.toHaveProperty('storeUrl');
  });

  it('reads the request timeout as a Go duration and the watch limits', () => {
    expect(
      parse(['--request-timeout', '1m30s', '--max-watches-per-user', '5', '--watch-stall-timeout', '250ms']),
    ).toMatchObject({ requestTimeoutMs: 90_000, maxWatchesPerUser: 5, watchStallTimeoutMs: 250 });
    expect(parse(['--request-timeout', '0'])).toMatchObject({ requestTimeoutMs: 0 });
    expect(() => parse(['--request-timeout', 'soon'])).toThrow();
    expect(() => parse(['--max-watches-per-user', '-1'])).toThrow();
  });

  it('maps each flag onto its ServerOptions field', () => {
    expect(
      parse([
        '--listen',
        '127.0.0.1:0',
        '--data-dir',
        '/tmp/d',
        '--token-auth-file',
        't.csv',
        '--tls-cert-file',
        'c.pem',
        '--tls-private-key-file',
        'k.pem',
      ]),
    ).toMatchObject({
      listen: '127.0.0.1:0',
      dataDir: '/tmp/d',
      tokenAuthFile: 't.csv',
      tlsCertFile: 'c.pem',
      tlsKeyFile: 'k.pem',
    });
  });

  it('takes a new flag from one added line, with list parsing', () => {
    const extra = [
      ...SERVE_FLAGS,
      { flags: '--extra-list <list>', description: 'x', option: 'listen', parse: commaList },
    ] as const satisfies readonly ServeFlag[];
    expect(parse(['--extra-list', 'a.io,b.io', '--extra-list', 'c.io'], extra).listen).toEqual([
      'a.io',
      'b.io',
      'c.io',
    ]);
  });

  it('builds the extensions the settings switch on, in list order', async () => {
    const settings = { listen: 'x', dataDir: 'd', allowedRegistries: ['a.io'] } as ServeSettings;
    const names = await buildExtensions(settings, [
      async (s) => (s.allowedRegistries ? { name: 'importer', register: () => undefined } : undefined),
      async () => undefined,
      async () => ({ name: 'triggers', register: () => undefined }),
    ]);
    expect(names.map((e) => e.name)).toEqual(['importer', 'triggers']);
  });
});
