/**
 * What the benchmarks on a Docker engine share: the Debian docker-registry notifying the server
 * (as `isctl serve --notifications-token` takes it), and tearing it all down.
 */
import { rm } from 'node:fs/promises';
import type Docker from 'dockerode';
import type { RunningServer } from '../../src/server/serve.js';
import { removeContainers, type TestDocker } from '../../test/support/docker.js';
import { startRegistry, type TestRegistry } from '../../test/support/registry/index.js';

/** no auth; the server's `/notifications/distribution` with TOKEN */
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

/** Tears down what a Docker benchmark started, each part only if it got that far: its containers, the registry, the server, the engine, the data dir. */
export async function tearDownDockerBench(parts: {
  engine?: TestDocker;
  containers: (docker: Docker) => Promise<string[]>;
  registry?: TestRegistry;
  server?: RunningServer;
  dataDir: string;
}): Promise<void> {
  const { engine } = parts;
  if (engine)
    await removeContainers(engine.docker, await parts.containers(engine.docker)).catch(() => undefined);
  await parts.registry?.stop();
  await parts.server?.close();
  await engine?.stop();
  await rm(parts.dataDir, { recursive: true, force: true });
}
