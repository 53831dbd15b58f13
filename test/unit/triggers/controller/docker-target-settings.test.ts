import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerTargetOptionsFromSettings } from '../../../../src/triggers/controller/serve-extension.js';

describe('Docker target settings', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes --registry-credentials together with the namespaces that may use them, as the importer does', async () => {
    dir = mkdtempSync(join(tmpdir(), 'docker-target-settings-'));
    const file = join(dir, 'config.json');
    const auth = Buffer.from('user:secret').toString('base64');
    writeFileSync(file, JSON.stringify({ auths: { 'reg.example.com': { auth } } }));
    const options = await dockerTargetOptionsFromSettings({
      registryCredentialsFile: file,
      registryCredentialsNamespaces: ['team-a', 'team-c'],
    });
    expect(options.credentialNamespaces).toEqual(['team-a', 'team-c']);
    expect(options.credentials?.get('reg.example.com')).toMatchObject({ username: 'user' });
  });

  it('gives the server-wide credentials to no namespace unless told', async () => {
    expect((await dockerTargetOptionsFromSettings({})).credentialNamespaces).toBeUndefined();
  });
});
