/** A registry without auth that notifies a server's `/notifications/distribution` with `token`, as `isctl serve --notifications-token` takes it. */
import { startRegistry, type TestRegistry } from './start-registry.js';

export function startNotifyingRegistry(serverUrl: string, token: string): Promise<TestRegistry> {
  return startRegistry({
    auth: 'none',
    notify: {
      url: `${serverUrl}/notifications/distribution`,
      token,
      timeout: '2s',
      threshold: 3,
      backoff: '200ms',
    },
  });
}
