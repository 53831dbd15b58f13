/**
 * HTTP for the registry client: undici keep-alive agents, one per (host, TLS verification),
 * with connect/headers/body timeouts, capped body reads and redirect following. Every
 * connection goes through the egress guard (no link-local or metadata addresses, checked on the
 * resolved address). It knows nothing about registries: failures come out as TransportError
 * with a coarse `reason`.
 */
import { rootCertificates } from 'node:tls';
import { Agent, request } from 'undici';
import { EGRESS_REFUSED, guardedConnector, type EgressPolicy } from '../net/egress-guard.js';
import type { StatsCounter, RequestKind } from './stats.js';

export interface Timeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 30_000 };

export type Headers = Record<string, string | string[] | undefined>;

export interface HttpRequest {
  url: URL;
  method: 'GET' | 'HEAD';
  headers: Record<string, string>;
  tlsVerify: boolean;
  kind: RequestKind;
  /** larger bodies fail with reason `tooLarge` */
  maxBytes: number;
  /** how many redirects to follow (blob downloads go to storage backends) */
  maxRedirects?: number;
  signal?: AbortSignal | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** the URL that answered, after redirects */
  url: URL;
}

export const TransportFailure = {
  Timeout: 'timeout',
  Tls: 'tls',
  Refused: 'refused',
  Reset: 'reset',
  Network: 'network',
  TooLarge: 'tooLarge',
  Aborted: 'aborted',
  /** refused by the egress guard or the redirect rules: never retried */
  Blocked: 'blocked',
} as const;
export type TransportFailure = (typeof TransportFailure)[keyof typeof TransportFailure];

export class TransportError extends Error {
  readonly reason: TransportFailure;
  constructor(reason: TransportFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransportError';
    this.reason = reason;
  }
}

const TLS_CODES: ReadonlySet<string> = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);
const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const RESET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    e = e.cause;
  }
  return codes;
}

/** Maps whatever undici or the socket threw to a TransportFailure. */
export function classifyTransportError(err: unknown): TransportFailure {
  if (err instanceof TransportError) return err.reason;
  const codes = codesOf(err);
  if (codes.includes(EGRESS_REFUSED)) return TransportFailure.Blocked;
  if (codes.some((c) => TIMEOUT_CODES.has(c))) return TransportFailure.Timeout;
  if (codes.some((c) => TLS_CODES.has(c) || c.startsWith('ERR_SSL') || c.startsWith('ERR_TLS'))) {
    return TransportFailure.Tls;
  }
  if (codes.includes('ECONNREFUSED')) return TransportFailure.Refused;
  if (codes.some((c) => RESET_CODES.has(c))) return TransportFailure.Reset;
  if (codes.includes('UND_ERR_ABORTED') || (err instanceof Error && err.name === 'AbortError')) {
    return TransportFailure.Aborted;
  }
  return TransportFailure.Network;
}

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface TransportOptions {
  timeouts: Timeouts;
  userAgent: string;
  stats: StatsCounter;
  egress?: EgressPolicy;
  /** PEM certificates trusted besides the system's roots when TLS is verified */
  extraCaCerts?: readonly string[];
}

export class Transport {
  readonly #agents = new Map<string, Agent>();
  readonly #timeouts: Timeouts;
  readonly #userAgent: string;
  readonly #stats: StatsCounter;
  readonly #egress: EgressPolicy;
  readonly #ca: string[] | undefined;

  constructor(o: TransportOptions) {
    this.#timeouts = o.timeouts;
    this.#userAgent = o.userAgent;
    this.#stats = o.stats;
    this.#egress = o.egress ?? {};
    this.#ca = o.extraCaCerts?.length ? [...rootCertificates, ...o.extraCaCerts] : undefined;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    let current: HttpRequest = req;
    for (let hops = 0; ; hops++) {
      const res = await this.#once(current);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.status) || typeof location !== 'string') return res;
      if (hops >= (req.maxRedirects ?? 0)) return res;
      current = redirected(current, new URL(location, current.url), req.url);
    }
  }

  async #once(req: HttpRequest): Promise<HttpResponse> {
    this.#stats.request(req.kind, req.method);
    try {
      const res = await request(req.url, {
        method: req.method,
        headers: { 'user-agent': this.#userAgent, ...req.headers },
        dispatcher: this.#agent(req.url, req.tlsVerify),
        signal: req.signal,
        // undici closes an HTTP/1.1 connection after every HEAD unless told otherwise (a guard
        // against servers that send a body with a HEAD answer, nodejs/undici#258). Registries
        // answer HEAD with headers only, and HEAD is our most frequent request: keep the
        // connection. A server that did send a body breaks the next exchange on that
        // connection, which fails as a reset and is retried on a new one.
        ...(req.method === 'HEAD' ? { reset: false } : {}),
        headersTimeout: this.#timeouts.headersMs,
        bodyTimeout: this.#timeouts.bodyMs,
      });
      // a declared length above the cap is refused before a byte is read (a HEAD's is the GET's)
      if (req.method !== 'HEAD' && Number(res.headers['content-length'] ?? 0) > req.maxBytes) {
        res.body.destroy();
        throw new TransportError(
          TransportFailure.TooLarge,
          `response body larger than ${req.maxBytes} bytes`,
        );
      }
      const body = await readCapped(res.body, req.maxBytes);
      this.#stats.bytes(body.length);
      return { status: res.statusCode, headers: res.headers, body, url: req.url };
    } catch (err) {
      if (err instanceof TransportError) throw err;
      const reason = classifyTransportError(err);
      throw new TransportError(reason, `${req.method} ${req.url.origin}: ${reason}`, {
        cause: err,
      });
    }
  }

  #agent(url: URL, tlsVerify: boolean): Agent {
    const key = `${url.protocol}//${url.host}|${tlsVerify ? 'verify' : 'noverify'}`;
    let agent = this.#agents.get(key);
    if (!agent) {
      // HTTP/2 where the registry offers it (ALPN): one connection carries every request
      const https = url.protocol === 'https:';
      const connector = guardedConnector(this.#egress, {
        rejectUnauthorized: tlsVerify,
        timeout: this.#timeouts.connectMs,
        ...(https ? { allowH2: true } : {}),
        ...(tlsVerify && this.#ca ? { ca: this.#ca } : {}),
      });
      agent = new Agent({
        keepAliveTimeout: 30_000,
        keepAliveMaxTimeout: 120_000,
        connections: 16,
        allowH2: https,
        connect: (opts, cb) => {
          this.#stats.connection();
          connector(opts, cb);
        },
      });
      this.#agents.set(key, agent);
    }
    return agent;
  }

  async close(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    await Promise.all(agents.map((a) => a.close()));
  }
}

/**
 * The request a redirect leads to. Credentials are for the registry only: a hop to another
 * origin goes without them, and TLS is verified there even for an insecure registry. A
 * verified HTTPS request never follows a redirect to plain HTTP, nor to another scheme.
 */
function redirected(prev: HttpRequest, next: URL, first: URL): HttpRequest {
  if (next.protocol !== 'https:' && next.protocol !== 'http:') {
    throw new TransportError(TransportFailure.Blocked, `redirect to a ${next.protocol} URL refused`);
  }
  if (next.protocol === 'http:' && prev.url.protocol === 'https:' && prev.tlsVerify) {
    throw new TransportError(
      TransportFailure.Blocked,
      `redirect from HTTPS to plain HTTP (${next.origin}) refused`,
    );
  }
  if (next.origin === first.origin) return { ...prev, url: next };
  return { ...prev, url: next, headers: withoutAuthorization(prev.headers), tlsVerify: true };
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'authorization') out[k] = v;
  return out;
}

async function readCapped(
  body: AsyncIterable<Buffer> & { destroy(err?: Error): unknown },
  max: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      const err = new TransportError(TransportFailure.TooLarge, `response body larger than ${max} bytes`);
      body.destroy(err);
      throw err;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
