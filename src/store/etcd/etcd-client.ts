/**
 * Connection settings for etcd and the one place an etcd3 client is built from them, so the
 * store and the leader elector connect the same way (endpoints, TLS client certificates,
 * per-call deadlines).
 */
import { readFileSync } from 'node:fs';
import { Etcd3, type IOptions } from 'etcd3';
import { z } from 'zod';
import { badRequest } from '../../api/status-error.js';
import { MemberAvoidance } from './etcd-member-avoidance.js';

export const EtcdTlsSchema = z.object({
  caFile: z.string().min(1).optional(),
  certFile: z.string().min(1).optional(),
  keyFile: z.string().min(1).optional(),
});
export type EtcdTls = z.infer<typeof EtcdTlsSchema>;

export const EtcdConnectionSchema = z.object({
  endpoints: z.array(z.string().min(1)).min(1),
  prefix: z.string().optional(),
  tls: EtcdTlsSchema.optional(),
  /** deadline of one unary call (default 10 s) */
  callTimeoutMs: z.number().int().positive().optional(),
});
export type EtcdConnection = z.infer<typeof EtcdConnectionSchema>;

export const DEFAULT_PREFIX = '/imagestreams';

const MAX_RECEIVE_BYTES = 1024 * 1024 * 1024;

/**
 * gRPC keepalive: a member that is frozen (SIGSTOP) or cut off by the network never closes its
 * connections, so without pings a stream on it (a watch, a lease keep-alive) waits forever. Every
 * KEEPALIVE_TIME_MS of silence on a connection with calls open, grpc-js pings; no answer within
 * KEEPALIVE_TIMEOUT_MS closes the connection and fails its calls, which then resume on another
 * member: a frozen member's watches break at most 6 + 5 = 11 s after it froze.
 * etcd's server answers pings more often than --grpc-keepalive-min-time (default 5 s) with
 * GOAWAY ENHANCE_YOUR_CALM, and pings on a connection without streams at all (it sets
 * PermitWithoutStream false), so pings go out only while calls are open and no oftener than 6 s
 * (grpc-js counts from the previous ping's answer, so etcd sees 6 s plus a round trip).
 */
export const KEEPALIVE_TIME_MS = 6_000;
export const KEEPALIVE_TIMEOUT_MS = 5_000;

/** host:port or scheme://host:port, with https whenever TLS is configured. */
export function endpointUrls(endpoints: string[], tls: EtcdTls | undefined): string[] {
  const secure = tls !== undefined && (tls.caFile !== undefined || tls.certFile !== undefined);
  return endpoints.map((endpoint) => {
    const match = /^(https?):\/\/(.+)$/.exec(endpoint);
    const hostPort = match ? (match[2] as string) : endpoint;
    if (!/^[^/:]+:\d{1,5}$/.test(hostPort) && !/^\[[0-9a-fA-F:.]+\]:\d{1,5}$/.test(hostPort)) {
      throw badRequest(`etcd endpoint "${endpoint}" is not HOST:PORT`);
    }
    const scheme = secure ? 'https' : (match?.[1] ?? 'http');
    return `${scheme}://${hostPort}`;
  });
}

function readTlsFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new Error(`cannot read the etcd ${what} file ${path} (configuration error)`, { cause: err });
  }
}

/** The etcd3 client options: grpc credentials from the PEM files, deadlines on every unary call. */
export function clientOptions(connection: EtcdConnection): IOptions {
  const tls = connection.tls;
  const timeout = connection.callTimeoutMs ?? 10_000;
  const options: IOptions = {
    hosts: endpointUrls(connection.endpoints, tls),
    dialTimeout: 5_000,
    // a catching-up watch gets up to 1,000 revisions (with previous values) in one message, far
    // beyond grpc-js's default 4 MiB receive limit; etcd caps requests itself (1.5 MiB per value)
    grpcOptions: {
      'grpc.max_receive_message_length': MAX_RECEIVE_BYTES,
      'grpc.keepalive_time_ms': KEEPALIVE_TIME_MS,
      'grpc.keepalive_timeout_ms': KEEPALIVE_TIMEOUT_MS,
      'grpc.keepalive_permit_without_calls': 0,
    },
    // a member whose stream or call failed is skipped for a while (etcd-member-avoidance.ts)
    faultHandling: { host: memberPolicy(new MemberAvoidance()) },
    // streams (watch, lease keep-alive) live as long as they are used; unary calls must not hang
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + timeout }),
  };
  if (tls && (tls.caFile || tls.certFile)) {
    if ((tls.certFile === undefined) !== (tls.keyFile === undefined)) {
      throw new Error('etcd TLS needs both a client certificate and its key (configuration error)');
    }
    options.credentials = {
      // without a CA file grpc falls back to the system roots, which it only does for null
      // (etcd3 types the field as Buffer, but hands it to grpc's createSsl, which takes null)
      // eslint-disable-next-line no-restricted-syntax
      rootCertificate: tls.caFile ? readTlsFile(tls.caFile, 'CA') : (null as unknown as Buffer),
      ...(tls.keyFile ? { privateKey: readTlsFile(tls.keyFile, 'client key') } : {}),
      ...(tls.certFile ? { certChain: readTlsFile(tls.certFile, 'client certificate') } : {}),
    };
  }
  return options;
}

function memberPolicy(avoidance: MemberAvoidance): NonNullable<IOptions['faultHandling']>['host'] {
  return (host) => avoidance.policy(host);
}

export function createEtcdClient(connection: EtcdConnection): Etcd3 {
  return new Etcd3(clientOptions(EtcdConnectionSchema.parse(connection)));
}

/**
 * Parses `etcd://HOST:PORT[,HOST:PORT…][/PREFIX][?ca=FILE&cert=FILE&key=FILE]`, the form of
 * `isctl serve --store` and `isctl migrate --to`.
 */
export function parseEtcdStoreUrl(url: string): EtcdConnection {
  const match = /^etcd:\/\/([^/?]+)(\/[^?]*)?(?:\?(.*))?$/.exec(url);
  if (!match)
    throw badRequest(`store URL "${url}" is not etcd://HOST:PORT[,HOST:PORT…][/PREFIX][?ca=…&cert=…&key=…]`);
  const endpoints = (match[1] as string).split(',').filter((e) => e !== '');
  const params = new URLSearchParams(match[3] ?? '');
  const tls: EtcdTls = {};
  const ca = params.get('ca');
  const cert = params.get('cert');
  const key = params.get('key');
  if (ca) tls.caFile = ca;
  if (cert) tls.certFile = cert;
  if (key) tls.keyFile = key;
  const prefix = match[2] && match[2] !== '/' ? match[2] : undefined;
  endpointUrls(endpoints, undefined);
  return {
    endpoints,
    ...(prefix ? { prefix } : {}),
    ...(Object.keys(tls).length > 0 ? { tls } : {}),
  };
}
