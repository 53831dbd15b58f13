import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('reads --cosign-keys-file at start, and refuses a file with a private key naming the namespace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cosign-keys-'));
    try {
      const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const indent = (pem: string) => pem.replace(/^/gm, '  ');
      const good = join(dir, 'good.yaml');
      writeFileSync(
        good,
        `prod: |\n${indent(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString())}`,
      );
      expect((await importerExtensionFromSettings({ cosignKeysFile: good })).name).toBe('importer');
      const bad = join(dir, 'bad.yaml');
      const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      writeFileSync(bad, `prod: |\n${indent(privatePem)}`);
      const refused = importerExtensionFromSettings({ cosignKeysFile: bad });
      await expect(refused).rejects.toThrow(
        /--cosign-keys-file: namespace "prod": PEM block 1 is a "PRIVATE KEY"/,
      );
      await expect(refused).rejects.not.toThrow(privatePem.split('\n')[1]!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
