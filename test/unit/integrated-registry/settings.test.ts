import { describe, expect, it } from 'vitest';
import { integratedRegistrySettingsFrom } from '../../../src/integrated-registry/settings.js';
import { redactLogLine } from '../../../src/integrated-registry/registry-process.js';

describe('integratedRegistrySettingsFrom', () => {
  it('is off without --with-registry', () => {
    expect(
      integratedRegistrySettingsFrom({ dataDir: '/d', registryListen: '127.0.0.1:5000' }),
    ).toBeUndefined();
  });

  it('keeps the registry under the data dir and notifies the server at its fixed --listen port', () => {
    const s = integratedRegistrySettingsFrom({
      withRegistry: true,
      dataDir: '/d',
      listen: '0.0.0.0:8443',
      registryListen: '127.0.0.1:5001',
      notificationsToken: 'tok',
    });
    expect(s).toEqual({
      dataDir: '/d',
      listen: '127.0.0.1:5001',
      notificationsToken: 'tok',
      serverUrl: 'http://127.0.0.1:8443',
    });
  });

  it('has no server URL when the server picks its port', () => {
    expect(
      integratedRegistrySettingsFrom({ withRegistry: true, dataDir: '/d', listen: '127.0.0.1:0' })?.serverUrl,
    ).toBeUndefined();
  });
});

describe('redactLogLine', () => {
  it('removes bearer tokens from registry log lines', () => {
    const line = 'configuring endpoint x, headers=map[Authorization:[Bearer s3cr3t-value]]';
    expect(redactLogLine(line)).not.toContain('s3cr3t');
    expect(redactLogLine(line)).toContain('Bearer [redacted]');
  });
});

describe('the server URL the registry notifies', () => {
  it('is left out for an HTTPS server, whose certificate the registry would not trust', () => {
    const s = integratedRegistrySettingsFrom({
      withRegistry: true,
      dataDir: '/d',
      listen: '127.0.0.1:8443',
      tlsCertFile: '/c.pem',
    });
    expect(s?.serverUrl).toBeUndefined();
  });
});
