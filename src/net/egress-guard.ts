/**
 * The connect-time guard every outbound HTTP request goes through (registries, token realms,
 * redirects, webhooks): the host is resolved by our own `lookup`, and a forbidden address
 * (see forbidden-addresses.ts) fails the connection before a socket is opened. Checking the
 * address the socket will use, not the URL, is what makes DNS rebinding useless: there is no
 * second resolution between the check and the connect.
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { defaultEgressPolicy } from './egress-policy.js';
import { isForbiddenAddress, isMetadataHostname } from './forbidden-addresses.js';

/** `dns.lookup` with `all: true`: what the guard resolves names with (injectable for tests). */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface EgressPolicy {
  /** `--allow-link-local-egress`: link-local and metadata addresses are reachable */
  allowLinkLocal?: boolean;
  /** defaults to `dns.lookup` */
  resolve?: ResolveAll;
}

export const EGRESS_REFUSED = 'ERR_EGRESS_REFUSED';

/** The connection was refused by policy; never retried. Names the host, never credentials. */
export class EgressRefusedError extends Error {
  readonly code = EGRESS_REFUSED;
  constructor(host: string, address?: string) {
    super(
      `refusing to connect to ${host}${address && address !== host ? ` (${address})` : ''}: link-local and cloud metadata addresses are not allowed (--allow-link-local-egress)`,
    );
    this.name = 'EgressRefusedError';
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for net/tls.connect that refuses forbidden answers. */
export function guardedLookup(policy: EgressPolicy) {
  const resolve: ResolveAll = policy.resolve ?? ((h, o, cb) => dnsLookup(h, o, cb));
  return (hostname: string, options: { family?: number; all?: boolean }, callback: LookupCallback): void => {
    const family = options.family === 4 || options.family === 6 ? options.family : 0;
    resolve(hostname, { family, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const bad = policy.allowLinkLocal ? undefined : addresses.find((a) => isForbiddenAddress(a.address));
      if (bad) return callback(new EgressRefusedError(hostname, bad.address), []);
      const first = addresses[0];
      if (!first)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      if (options.all) return callback(null, addresses);
      callback(null, first.address, first.family);
    });
  };
}

/** Refusal before any lookup: a literal forbidden address or a metadata host name. */
export function refusedHost(hostname: string, policy: EgressPolicy): EgressRefusedError | undefined {
  if (policy.allowLinkLocal) return undefined;
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return isForbiddenAddress(bare) ? new EgressRefusedError(hostname) : undefined;
  return isMetadataHostname(bare) ? new EgressRefusedError(hostname) : undefined;
}

/** An undici `connect` function with the guard in front of it. */
export function guardedConnector(
  policy: EgressPolicy,
  options: buildConnector.BuildOptions = {},
): buildConnector.connector {
  const connector = buildConnector({
    ...options,
    lookup: guardedLookup(policy),
  } as buildConnector.BuildOptions);
  return (opts, callback) => {
    const refused = refusedHost(opts.hostname, policy);
    if (refused) return callback(refused, null);
    connector(opts, callback);
  };
}

let shared: { policy: EgressPolicy; agent: Agent } | undefined;

/**
 * The guarded keep-alive agent for one-off outbound requests (webhooks), built on the
 * process-wide policy (egress-policy.ts); rebuilt when the policy object changes.
 */
export function sharedEgressAgent(policy: EgressPolicy = defaultEgressPolicy()): Agent {
  if (shared?.policy !== policy) {
    const previous = shared?.agent;
    shared = { policy, agent: new Agent({ keepAliveTimeout: 30_000, connect: guardedConnector(policy) }) };
    void previous?.close();
  }
  return shared.agent;
}
