import type { NotifyOptions } from './start-registry.js';

/**
 * What the tests' registries notify: the server's distribution endpoint with its bearer token,
 * short timeouts and backoff so a test never waits long for a retry.
 */
export function notifyServer(serverUrl: string, token: string): NotifyOptions {
  return {
    url: `${serverUrl}/notifications/distribution`,
    token,
    timeout: '2s',
    threshold: 3,
    backoff: '200ms',
  };
}
