import { describe, expect, it } from 'vitest';
import { sameRegistry } from '../../../src/cli/describe/budget-metrics.js';
import { createRegistryAllowList } from '../../../src/importer/allowed-registries.js';
import { normalizeRegistryHost } from '../../../src/notifications/inbound/registry-host.js';
import { apiHost, canonicalRegistry, DOCKER_HUB_ALIASES, isDockerHub } from '../../../src/registry/host.js';

const ALIASES = [
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
  'hub.docker.com',
];

describe('Docker Hub aliases: one set for every part', () => {
  it('holds every name of Docker Hub, and nothing else', () => {
    expect([...DOCKER_HUB_ALIASES].sort()).toEqual([...ALIASES].sort());
    expect(isDockerHub('Index.Docker.IO')).toBe(true);
    expect(isDockerHub('docker.io.evil.com')).toBe(false);
    expect(isDockerHub('quay.io')).toBe(false);
  });

  it.each(ALIASES)(
    '%s is Docker Hub for imports, credentials, --allowed-registries, notifications, describe',
    (alias) => {
      expect(apiHost(alias)).toBe('registry-1.docker.io');
      expect(canonicalRegistry(`https://${alias}/v1/`)).toBe('docker.io');
      expect(createRegistryAllowList(['docker.io']).allows(alias)).toBe(true);
      expect(normalizeRegistryHost(alias)).toBe('docker.io');
      expect(sameRegistry(alias, 'docker.io')).toBe(true);
    },
  );

  it('leaves other registries alone', () => {
    expect(apiHost('quay.io')).toBe('quay.io');
    expect(createRegistryAllowList(['docker.io']).allows('quay.io')).toBe(false);
    expect(normalizeRegistryHost('quay.io')).toBe('quay.io');
    expect(sameRegistry('quay.io', 'docker.io')).toBe(false);
  });
});
