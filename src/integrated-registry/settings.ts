/**
 * What the integrated registry is told: where it listens, where it keeps blobs, how it is
 * restarted. `integratedRegistrySettingsFrom` reads them off `isctl serve`'s settings.
 */
import path from 'node:path';
import { serverUrlFromListen } from './addresses.js';
import { DEFAULT_REGISTRY_LISTEN, integratedRegistrySettings } from './serve-flags.js';

export const DEFAULT_REGISTRY_BINARY = '/usr/bin/docker-registry';

export interface RestartPolicy {
  /** delay before the first restart after a crash */
  initialDelayMs: number;
  /** the delay doubles per crash up to this */
  maxDelayMs: number;
  /** a process that stayed up this long starts over at initialDelayMs */
  resetAfterMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  resetAfterMs: 30_000,
};

export interface IntegratedRegistrySettings {
  /** the server's data folder: the registry keeps its config and storage in DATA_DIR/registry */
  dataDir: string;
  /** host:port the registry listens on (default 127.0.0.1:5000; port 0 picks a free port) */
  listen?: string;
  binary?: string;
  /**
   * `--notifications-token` of the notifications part, when it runs: the registry then also
   * notifies `/notifications/distribution`, so streams importing from the integrated registry
   * follow its pushes too
   */
  notificationsToken?: string;
  /** base URL of the API server, for the endpoint above (undefined: that endpoint is left out) */
  serverUrl?: string;
  restart?: Partial<RestartPolicy>;
  /** how long to wait for `/v2/` after a start (default 15 s) */
  startTimeoutMs?: number;
}

const nonEmpty = (value: string | undefined): string | undefined => (value === '' ? undefined : value);

/** The integrated registry's settings, or undefined when `--with-registry` is off. */
export function integratedRegistrySettingsFrom(
  raw: Record<string, unknown>,
): IntegratedRegistrySettings | undefined {
  const settings = integratedRegistrySettings(raw);
  if (settings.withRegistry !== true) return undefined;
  const dataDir = nonEmpty(settings.dataDir) ?? '.imagestreams';
  // the notifications part reads its token from the flag or from the environment, and so do we
  const token = nonEmpty(settings.notificationsToken) ?? process.env.IMAGESTREAMS_NOTIFICATIONS_TOKEN;
  const serverUrl = serverUrlFromListen(nonEmpty(settings.listen), !!settings.tlsCertFile);
  return {
    dataDir: path.resolve(dataDir),
    listen: nonEmpty(settings.registryListen) ?? DEFAULT_REGISTRY_LISTEN,
    ...(token ? { notificationsToken: token } : {}),
    ...(serverUrl ? { serverUrl } : {}),
  };
}

export function registryDir(dataDir: string): string {
  return path.join(dataDir, 'registry');
}
