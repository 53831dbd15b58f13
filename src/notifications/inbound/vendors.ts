/**
 * The inbound endpoints, one per vendor: how each authenticates and how its payload is parsed.
 * A vendor without a configured secret has no endpoint (404): nothing is ever accepted unsigned.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { parseDistributionNotification } from './distribution.js';
import { parseDockerHubWebhook } from './dockerhub.js';
import { parseGitHubWebhook } from './github.js';
import { parseHarborWebhook } from './harbor.js';
import { parseJsonBytes } from './parse.js';
import { PushSource, type PushEvent } from './push-event.js';
import { parseQuayNotification } from './quay.js';
import { constantTimeEqual, verifyHmacSha256 } from './secrets.js';

export interface InboundSecrets {
  /** the distribution endpoint accepts `Authorization: Bearer <notificationsToken>` */
  notificationsToken?: string;
  /** Docker Hub cannot sign: `?token=<dockerHubToken>` in the webhook URL */
  dockerHubToken?: string;
  /** Quay: `?token=<quaySecret>` in the URL or `Authorization: Bearer <quaySecret>` */
  quaySecret?: string;
  /** Harbor: the exact `Authorization` header value configured as the webhook's auth header */
  harborAuthorization?: string;
  /** GitHub: the webhook secret, checked against X-Hub-Signature-256 over the raw body */
  githubSecret?: string;
  /** host[:port] of the distribution registry as image references name it (default: request.host of each event) */
  registryHost?: string;
}

export interface InboundRequest {
  headers: IncomingHttpHeaders;
  query: Record<string, string | undefined>;
  raw: Buffer;
  receivedAt: Date;
}

export interface VendorEndpoint {
  source: PushSource;
  path: string;
  authenticate(request: InboundRequest): boolean;
  parse(request: InboundRequest): PushEvent[];
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header(headers, 'authorization') ?? '');
  return m?.[1];
}

function distribution(token: string, registryHost: string | undefined): VendorEndpoint {
  return {
    source: PushSource.Distribution,
    path: '/notifications/distribution',
    authenticate: (r) => constantTimeEqual(header(r.headers, 'authorization'), `Bearer ${token}`),
    parse: (r) =>
      parseDistributionNotification(parseJsonBytes(r.raw), {
        receivedAt: r.receivedAt,
        ...(registryHost ? { registryHost } : {}),
      }),
  };
}

function dockerHub(token: string): VendorEndpoint {
  return {
    source: PushSource.DockerHub,
    path: '/notifications/dockerhub',
    authenticate: (r) => constantTimeEqual(r.query.token, token),
    parse: (r) => parseDockerHubWebhook(parseJsonBytes(r.raw), r.receivedAt),
  };
}

function quay(secret: string): VendorEndpoint {
  return {
    source: PushSource.Quay,
    path: '/notifications/quay',
    authenticate: (r) => constantTimeEqual(r.query.token ?? bearer(r.headers), secret),
    parse: (r) => parseQuayNotification(parseJsonBytes(r.raw), r.receivedAt),
  };
}

function harbor(authorization: string): VendorEndpoint {
  return {
    source: PushSource.Harbor,
    path: '/notifications/harbor',
    authenticate: (r) => constantTimeEqual(header(r.headers, 'authorization'), authorization),
    parse: (r) => parseHarborWebhook(parseJsonBytes(r.raw), r.receivedAt),
  };
}

function github(secret: string): VendorEndpoint {
  return {
    source: PushSource.GitHub,
    path: '/notifications/github',
    authenticate: (r) => verifyHmacSha256(secret, r.raw, header(r.headers, 'x-hub-signature-256')),
    parse: (r) =>
      parseGitHubWebhook(header(r.headers, 'x-github-event'), parseJsonBytes(r.raw), r.receivedAt),
  };
}

/** The endpoints whose secret is configured. */
export function vendorEndpoints(secrets: InboundSecrets): VendorEndpoint[] {
  const out: VendorEndpoint[] = [];
  if (secrets.notificationsToken) out.push(distribution(secrets.notificationsToken, secrets.registryHost));
  if (secrets.dockerHubToken) out.push(dockerHub(secrets.dockerHubToken));
  if (secrets.quaySecret) out.push(quay(secrets.quaySecret));
  if (secrets.harborAuthorization) out.push(harbor(secrets.harborAuthorization));
  if (secrets.githubSecret) out.push(github(secrets.githubSecret));
  return out;
}
