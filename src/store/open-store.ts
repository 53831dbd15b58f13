/**
 * Opens a Store from a URL, the one place that knows the backends:
 *   sqlite://PATH            (relative paths against the working directory)
 *   etcd://HOST:PORT[,…][/PREFIX][?ca=F&cert=F&key=F]
 * The etcd backend and its grpc client load only when asked for.
 */
import path from 'node:path';
import { badRequest } from '../api/status-error.js';
import type { LeaderElector } from '../controllers/leader-election.js';
import type { Store } from './store.js';

export const SQLITE_FILE_NAME = 'imagestreams.db';

export type StoreUrl = { kind: 'sqlite'; path: string } | { kind: 'etcd'; url: string };

export function parseStoreUrl(url: string, dataDir?: string): StoreUrl {
  if (url.startsWith('etcd://')) return { kind: 'etcd', url };
  if (url.startsWith('sqlite://')) {
    const file = url.slice('sqlite://'.length);
    if (file === '') throw badRequest(`store URL "${url}" names no file: sqlite://PATH`);
    return { kind: 'sqlite', path: path.resolve(file) };
  }
  if (url === 'sqlite' && dataDir) return { kind: 'sqlite', path: path.join(dataDir, SQLITE_FILE_NAME) };
  throw badRequest(`store URL "${url}" is neither sqlite://PATH nor etcd://HOST:PORT[,HOST:PORT…]`);
}

export interface OpenStoreOptions {
  /** SQLite: open an empty store although its identity says it held data (docs/operations.md) */
  acceptEmptyStore?: boolean;
}

export async function openStoreUrl(
  url: string,
  dataDir?: string,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const parsed = parseStoreUrl(url, dataDir);
  if (parsed.kind === 'sqlite') {
    const { openSqliteStore } = await import('./sqlite/sqlite-store.js');
    return openSqliteStore({ path: parsed.path, ...options });
  }
  const { parseEtcdStoreUrl } = await import('./etcd/etcd-client.js');
  const { openEtcdStore } = await import('./etcd/etcd-store.js');
  return openEtcdStore(parseEtcdStoreUrl(parsed.url));
}

/**
 * Who runs the controllers: with SQLite the one process always does; with etcd, the replica
 * holding the lease.
 */
export async function leaderElectorFor(
  url: string | undefined,
  options: { identity?: string; leaseTtlSeconds?: number } = {},
): Promise<LeaderElector> {
  if (url === undefined || !url.startsWith('etcd://')) {
    const { alwaysLeader } = await import('../controllers/leader-election.js');
    return alwaysLeader();
  }
  const { parseEtcdStoreUrl } = await import('./etcd/etcd-client.js');
  const { createEtcdLeaderElector } = await import('../controllers/leader-election-etcd.js');
  const connection = parseEtcdStoreUrl(url);
  return createEtcdLeaderElector({
    endpoints: connection.endpoints,
    ...(connection.prefix ? { prefix: connection.prefix } : {}),
    ...(connection.tls ? { tls: connection.tls } : {}),
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.leaseTtlSeconds ? { leaseTtlSeconds: options.leaseTtlSeconds } : {}),
  });
}
