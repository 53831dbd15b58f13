import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerTargetOptionsFromSettings } from '../../../../src/triggers/controller/serve-extension.js';
import { dockerTargetSettings } from '../../../../src/triggers/controller/serve-flags.js';

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

describe('Docker target settings schema', () => {
  it('reads the flag default (text) and a parsed flag (milliseconds) alike', () => {
    expect(dockerTargetSettings({ rolloutHealthTimeoutMs: '60s' }).rolloutHealthTimeoutMs).toBe(60_000);
    expect(dockerTargetSettings({ rolloutHealthTimeoutMs: '1m30s' }).rolloutHealthTimeoutMs).toBe(90_000);
    expect(dockerTargetSettings({ rolloutHealthTimeoutMs: 1500 }).rolloutHealthTimeoutMs).toBe(1500);
    expect(
      dockerTargetSettings({ registryCredentialsNamespaces: 'a, b' }).registryCredentialsNamespaces,
    ).toEqual(['a', 'b']);
  });

  it('refuses bad values, naming the flag', () => {
    expect(() => dockerTargetSettings({ rolloutHealthTimeoutMs: 'soon' })).toThrow(
      /^--rollout-health-timeout: "soon" is not a duration/,
    );
    expect(() => dockerTargetSettings({ rolloutHealthTimeoutMs: -5 })).toThrow(/^--rollout-health-timeout: /);
    expect(() => dockerTargetSettings({ disableDockerTarget: 'yes' })).toThrow(
      /^--disable-docker-target: must be true or false/,
    );
    expect(() => dockerTargetSettings({ registryCredentialsNamespaces: ['team-a', 'Team_B'] })).toThrow(
      /^--registry-credentials-namespaces: "Team_B" is not a namespace name/,
    );
  });

  it('names every bad flag at once', () => {
    expect(() => dockerTargetSettings({ dockerHost: 5, rolloutHealthTimeoutMs: 'x' })).toThrow(
      /--docker-host: must be text; --rollout-health-timeout: /,
    );
  });
});
