import { describe, expect, it } from 'vitest';
import { importerExtensionFromSettings, parsePlatform } from '../../../src/importer/serve-extension.js';
import { IMPORTER_SERVE_FLAGS } from '../../../src/importer/serve-flags.js';

describe('importer serve settings', () => {
  it('parses --platform as os/arch[/variant]', () => {
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(() => parsePlatform('arm64')).toThrow(/os\/arch/);
  });

  it('collects repeated --allowed-registries and checks --max-tags-per-repository', () => {
    const allowed = IMPORTER_SERVE_FLAGS.find((f) => f.option === 'allowedRegistries')!;
    expect(allowed.parse('a.io, *.b.io', allowed.parse('c.io', undefined))).toEqual([
      'c.io',
      'a.io',
      '*.b.io',
    ]);
    const max = IMPORTER_SERVE_FLAGS.find((f) => f.option === 'maxTagsPerRepository')!;
    expect(max.parse('-1')).toBe(-1);
    expect(() => max.parse('lots')).toThrow(/whole number/);
  });

  it('collects --registry-credentials-namespaces and refuses what is not a namespace name', () => {
    const flag = IMPORTER_SERVE_FLAGS.find((f) => f.option === 'registryCredentialsNamespaces')!;
    expect(flag.parse('ops, build', flag.parse('*', undefined))).toEqual(['*', 'ops', 'build']);
    expect(() => flag.parse('Ops_Team', undefined)).toThrow(/not a namespace name/);
  });

  it('builds a server extension named importer', async () => {
    const ext = await importerExtensionFromSettings({
      allowedRegistries: ['quay.io'],
      platform: 'linux/amd64',
    });
    expect(ext.name).toBe('importer');
  });
});
