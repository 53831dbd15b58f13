/**
 * Connection settings for etcd and the one place an etcd3 client is built from them, so the
 * store and the leader elector connect the same way (endpoints, TLS client certificates,
 * per-call deadlines).
 */
import { readFileSync } from 'node:fs';
import { Etcd3, type IOptions } from 'etcd3';
import { z } from 'zod';
import { badRequest } from '../../api/status-error.js';

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
    grpcOptions: { 'grpc.max_receive_message_length': MAX_RECEIVE_BYTES },
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
