/** Connecting to the Docker engine: `DOCKER_HOST` or the default socket, pinned to API 1.41. */
import { existsSync } from 'node:fs';
import Docker from 'dockerode';

const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';
/** Docker Engine 20.10; newer engines accept it too. */
const DOCKER_API_VERSION = 'v1.41';

/**
 * A client for `dockerHost` (`unix:///path` or `tcp://host:port`); without it, docker-modem reads
 * `DOCKER_HOST` (and `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`) or uses the default socket.
 */
export function connectDocker(dockerHost?: string): Docker {
  if (dockerHost?.startsWith('unix://')) {
    return new Docker({ socketPath: dockerHost.slice('unix://'.length), version: DOCKER_API_VERSION });
  }
  if (dockerHost) {
    const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
    return new Docker({ host: url.hostname, port: Number(url.port || 2375), version: DOCKER_API_VERSION });
  }
  return new Docker({ version: DOCKER_API_VERSION });
}

/** Whether the engine answers `/_ping`; the reason when it does not (for logs and `/readyz`). */
export async function pingDocker(docker: Docker): Promise<{ ok: true } | { ok: false; reason: string }> {
  try {
    await docker.ping();
    return { ok: true };
  } catch (e) {
    const hint =
      process.env.DOCKER_HOST || existsSync(DEFAULT_DOCKER_SOCKET) ? '' : ` (no ${DEFAULT_DOCKER_SOCKET})`;
    return {
      ok: false,
      reason: `Docker engine not reachable${hint}: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
