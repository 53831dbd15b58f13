import { describe, expect, it } from 'vitest';
import { BUILDS_SERVE_FLAGS, buildsSettings } from '../../../src/builds/serve-flags.js';
import { consoleSettings } from '../../../src/console/serve-flags.js';
import { integratedRegistrySettings } from '../../../src/integrated-registry/serve-flags.js';
import { kubernetesSettings } from '../../../src/triggers/targets/kubernetes/serve-flags.js';
import { aggregationSettings } from '../../../src/server/auth/delegated/serve-flags.js';
import { InvalidSettingError, parseSettings, wholeNumberSetting } from '../../../src/api/settings-schema.js';
import { z } from 'zod';

describe('serve settings schemas', () => {
  it('read defaults given as text and values the flag parsers produced alike', () => {
    expect(buildsSettings({ maxConcurrentBuilds: '2' }).maxConcurrentBuilds).toBe(2);
    expect(buildsSettings({ maxConcurrentBuilds: 3 }).maxConcurrentBuilds).toBe(3);
    expect(kubernetesSettings({ kubeNamespaces: 'a,b' }).kubeNamespaces).toEqual(['a', 'b']);
    expect(kubernetesSettings({ kubeNamespaces: ['a'] }).kubeNamespaces).toEqual(['a']);
  });

  it('drop the settings of other parts', () => {
    expect(consoleSettings({ disableConsole: true, listen: 'x' })).toEqual({ disableConsole: true });
  });

  it('refuse bad values naming the flag', () => {
    expect(() => buildsSettings({ maxConcurrentBuilds: '0' })).toThrow(
      /^--max-concurrent-builds: must be a whole number >= 1, not "0"$/,
    );
    expect(() => buildsSettings({ dockerHost: 1 })).toThrow(/^--docker-host: must be text$/);
    expect(() => kubernetesSettings({ kubeNamespaces: 7 })).toThrow(
      /^--kube-namespaces: must be a comma-separated list$/,
    );
    expect(() => kubernetesSettings({ inCluster: 'yes' })).toThrow(/^--in-cluster: must be true or false$/);
    expect(() => consoleSettings({ disableConsole: 1 })).toThrow(
      /^--disable-console: must be true or false$/,
    );
    expect(() => integratedRegistrySettings({ registryListen: 5000 })).toThrow(
      /^--registry-listen: must be text$/,
    );
  });

  it('throw InvalidSettingError, falling back to the setting name for a flag it was not told of', () => {
    const schema = z.object({ other: wholeNumberSetting(0).optional() });
    let thrown: unknown;
    try {
      parseSettings(schema, BUILDS_SERVE_FLAGS, { other: 'many' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(InvalidSettingError);
    expect((thrown as Error).message).toBe('other: must be a whole number >= 0, not "many"');
  });
});

describe('aggregation settings schema', () => {
  it('reads lists and durations', () => {
    expect(
      aggregationSettings({
        requestheaderAllowedNames: 'front-proxy, aggregator',
        authenticationTokenWebhookCacheTtlMs: '1m',
      }),
    ).toEqual({
      requestheaderAllowedNames: ['front-proxy', 'aggregator'],
      authenticationTokenWebhookCacheTtlMs: 60_000,
    });
  });

  it('refuses bad values naming the flag', () => {
    expect(() => aggregationSettings({ authorizationWebhookCacheAuthorizedTtlMs: 'often' })).toThrow(
      /^--authorization-webhook-cache-authorized-ttl: "often" is not a duration/,
    );
    expect(() => aggregationSettings({ requestheaderGroupHeaders: 1 })).toThrow(
      /^--requestheader-group-headers: must be a comma-separated list$/,
    );
  });
});
