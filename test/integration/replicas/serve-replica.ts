/**
 * `isctl serve` replicas of the built CLI sharing one store, for the failover tests: start one,
 * and ask whether it leads (its `imagestreams_leader` gauge).
 */
import { freePort } from '../../support/registry/index.js';
import { untilAnswered } from '../../support/until.js';
import { spawnCli, type LiveCli } from '../cli/cli-harness.js';

export interface Replica {
  url: string;
  cli: LiveCli;
}

export async function leading(url: string): Promise<boolean> {
  return /^imagestreams_leader 1$/m.test(await (await fetch(`${url}/metrics`)).text());
}

export interface ReplicaOptions {
  /** the notifications token (`--notifications-token`) */
  token: string;
  /** more `isctl serve` arguments */
  args?: string[];
  logLevel?: 'warn' | 'info';
}

/** A replica with a short leader lease (3 s): a survivor takes over within seconds. */
export async function startServeReplica(
  storeUrl: string,
  dataDir: string,
  options: ReplicaOptions,
): Promise<Replica> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const cli = spawnCli(
    [
      'serve',
      '--store',
      storeUrl,
      '--listen',
      `127.0.0.1:${port}`,
      '--data-dir',
      dataDir,
      '--notifications-token',
      options.token,
      '--leader-lease-ttl',
      '3',
      ...(options.args ?? []),
    ],
    { timeoutMs: 300_000, env: { LOG_LEVEL: options.logLevel ?? 'warn' } },
  );
  await untilAnswered('the replica to be ready', async () => (await fetch(`${url}/readyz`)).ok, 30_000);
  return { url, cli };
}
