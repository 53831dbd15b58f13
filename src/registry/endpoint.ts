/**
 * Finding a registry's v2 endpoint: `GET /v2/` over HTTPS, and, only for insecure registries,
 * HTTPS without verification then plain HTTP, as Docker does. Loopback gets no special case.
 * The ping's 401 challenge tells how to authenticate. Results are cached per client.
 */
import { RegistryError, RegistryErrorKind } from './errors.js';
import { apiHost } from './host.js';
import type { Requester } from './request.js';
import { RequestKind } from './stats.js';
import { TransportError, type HttpResponse } from './transport.js';
import { parseWwwAuthenticate, preferredChallenge, type Challenge } from './www-authenticate.js';

export interface Endpoint {
  /** `https://host[:port]` or `http://host[:port]` */
  origin: string;
  tlsVerify: boolean;
  /** the ping's challenge; undefined when the registry answered without asking for auth */
  challenge: Challenge | undefined;
}

const PING_MAX_BYTES = 64 * 1024;

export class EndpointResolver {
  readonly #requester: Requester;
  readonly #cache = new Map<string, Promise<Endpoint>>();

  constructor(requester: Requester) {
    this.#requester = requester;
  }

  resolve(registry: string, insecure: boolean, signal?: AbortSignal): Promise<Endpoint> {
    const key = `${apiHost(registry)}|${insecure ? 'insecure' : 'secure'}`;
    let pending = this.#cache.get(key);
    if (!pending) {
      pending = this.#ping(registry, insecure, signal);
      this.#cache.set(key, pending);
      // a failed ping is not remembered: the next import tries again
      pending.catch(() => this.#cache.delete(key));
    }
    return pending;
  }

  async #ping(registry: string, insecure: boolean, signal?: AbortSignal): Promise<Endpoint> {
    const host = apiHost(registry);
    if (!insecure) return this.#pingAt(registry, `https://${host}`, true, true, signal);
    try {
      return await this.#pingAt(registry, `https://${host}`, false, false, signal);
    } catch (err) {
      // only "this is not HTTPS" style failures fall back; an HTTP error answer does not
      if (!(err instanceof RegistryError) || !(err.cause instanceof TransportError)) throw err;
    }
    return this.#pingAt(registry, `http://${host}`, false, true, signal);
  }

  async #pingAt(
    registry: string,
    origin: string,
    tlsVerify: boolean,
    retries: boolean,
    signal?: AbortSignal,
  ): Promise<Endpoint> {
    const res = await this.#requester.fetch(
      {
        url: new URL('/v2/', origin),
        method: 'GET',
        headers: {},
        tlsVerify,
        kind: RequestKind.Ping,
        maxBytes: PING_MAX_BYTES,
        signal,
      },
      { registry },
      { retries },
    );
    return { origin, tlsVerify, challenge: challengeOf(res, registry) };
  }
}

function challengeOf(res: HttpResponse, registry: string): Challenge | undefined {
  if (res.status === 401) {
    return (
      preferredChallenge(parseWwwAuthenticate(res.headers['www-authenticate'])) ?? {
        scheme: 'basic',
        params: {},
      }
    );
  }
  if (res.status === 404) {
    throw new RegistryError({
      kind: RegistryErrorKind.NotV2Registry,
      registry,
      status: 404,
      message: `the server at ${registry} does not implement the registry v2 API (GET /v2/ answered 404)`,
    });
  }
  return undefined;
}
