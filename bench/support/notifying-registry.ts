/**
 * What the benchmarks on a Docker engine share: the Debian docker-registry notifying the server,
 * and tearing it all down.
 */
import { rm } from 'node:fs/promises';
import type Docker from 'dockerode';
import type { RunningServer } from '../../src/server/serve.js';
import { removeContainers, type TestDocker } from '../../test/support/docker.js';
import { startNotifyingRegistry, type TestRegistry } from '../../test/support/registry/index.js';

export { startNotifyingRegistry };

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
