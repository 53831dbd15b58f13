/**
 * The Authorization header for a request, from the registry's challenge: none, Basic with the
 * stored credential, or a Bearer token from the challenge's realm (fetched with the credential
 * as Basic when there is one, as Docker Hub, Quay, GHCR and registry.redhat.io expect). The realm
 * is the registry's word only: credentials go only to a trusted realm (realm-trust.ts), never
 * over plain HTTP unless the registry itself is insecure, and a foreign realm must pass the
 * allow-list before it is asked anything.
 */
import { RegistryError, RegistryErrorKind } from '../errors.js';
import { logger } from '../../observability/logger.js';
import { TokenResponseSchema } from '../schema.js';
import type { Requester, Target } from '../request.js';
import { RequestKind } from '../stats.js';
import type { Challenge } from '../www-authenticate.js';
import type { Credential } from './credentials.js';
import type { RealmTrust } from './realm-trust.js';
import { tokenCacheKey, type TokenCache } from './token-cache.js';

const log = logger('registry');

const TOKEN_MAX_BYTES = 1024 * 1024;

export interface AuthRequest {
  challenge: Challenge | undefined;
  credential: Credential | undefined;
  /** scopes to ask for; a challenge's own `scope` wins */
  scopes: string[];
  target: Target;
  /** skip the cache (the cached token was just refused) */
  fresh: boolean;
  /** the registry's endpoint verifies TLS; false only for registries imported as insecure */
  tlsVerify: boolean;
  signal?: AbortSignal | undefined;
}

export interface Authorization {
  header: string | undefined;
  /** the token came from the cache, so a 401 may just mean it went stale */
  cached: boolean;
  cacheKey?: string;
}

function basicHeader(c: Credential): string {
  return `Basic ${Buffer.from(`${c.username}:${c.password}`, 'utf8').toString('base64')}`;
}

export interface RealmPolicy {
  trust: RealmTrust;
  /** `--allowed-registries` applied to a realm host that is not a trusted realm */
  allowed: (host: string) => boolean;
}

export class Authorizer {
  readonly #requester: Requester;
  readonly #cache: TokenCache;
  readonly #realms: RealmPolicy;
  /** `registry|realm` pairs already warned about: one line per pair, not per request */
  readonly #warned = new Set<string>();
  /** token requests in flight, so concurrent imports of one repository share one */
  readonly #pending = new Map<string, Promise<{ token: string; expiresIn: number | undefined }>>();

  constructor(requester: Requester, cache: TokenCache, realms: RealmPolicy) {
    this.#requester = requester;
    this.#cache = cache;
    this.#realms = realms;
  }

  async authorize(req: AuthRequest): Promise<Authorization> {
    const { challenge, credential } = req;
    if (!challenge) return { header: undefined, cached: false };
    if (challenge.scheme === 'basic') {
      return { header: credential ? basicHeader(credential) : undefined, cached: false };
    }
    if (challenge.scheme !== 'bearer') return { header: undefined, cached: false };
    return this.#bearer(req, challenge);
  }

  invalidate(cacheKey: string | undefined): void {
    if (cacheKey) this.#cache.delete(cacheKey);
  }

  async #bearer(req: AuthRequest, challenge: Challenge): Promise<Authorization> {
    const realm = this.#realmUrl(req, challenge.params.realm);
    const credential = this.#credentialFor(req, realm);
    const service = challenge.params.service ?? '';
    const scopes = challenge.params.scope ? challenge.params.scope.split(' ') : req.scopes;
    const cacheKey = tokenCacheKey({ realm: realm.href, service, scopes, credential });
    const hit = req.fresh ? undefined : this.#cache.get(cacheKey);
    if (hit) return { header: `Bearer ${hit}`, cached: true, cacheKey };
    let pending = this.#pending.get(cacheKey);
    if (!pending) {
      pending = this.#fetchToken({ ...req, credential }, realm, service, scopes).finally(() =>
        this.#pending.delete(cacheKey),
      );
      this.#pending.set(cacheKey, pending);
    }
    const { token, expiresIn } = await pending;
    this.#cache.set(cacheKey, token, expiresIn);
    return { header: `Bearer ${token}`, cached: false, cacheKey };
  }

  /** The realm as a URL we may ask: HTTP(S), plain HTTP only for insecure registries, allowed. */
  #realmUrl(req: AuthRequest, realm: string | undefined): URL {
    if (!realm) throw this.#bad(req.target, 'a Bearer challenge without a realm');
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw this.#bad(req.target, 'a Bearer challenge with an invalid realm');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw this.#bad(req.target, 'a Bearer challenge with a realm that is not HTTP(S)');
    }
    if (url.protocol === 'http:' && req.tlsVerify) {
      throw this.#blocked(
        req.target,
        `registry ${req.target.registry} named a plain-HTTP token realm (${url.origin}); refused because the registry is not imported as insecure`,
      );
    }
    const trusted = this.#realms.trust.trusts(req.target.registry, url);
    if (!trusted && !this.#realms.allowed(url.host)) {
      throw this.#blocked(
        req.target,
        `registry ${req.target.registry} named the token realm ${url.host}, which --allowed-registries does not allow`,
      );
    }
    return url;
  }

  /** The credential for this realm: only a trusted realm ever sees it. */
  #credentialFor(req: AuthRequest, realm: URL): Credential | undefined {
    if (!req.credential || this.#realms.trust.trusts(req.target.registry, realm)) return req.credential;
    const pair = `${req.target.registry}|${realm.host}`;
    if (this.#warned.has(pair)) return undefined;
    // a registry naming a new realm every time must not grow this without end
    if (this.#warned.size >= 1000) this.#warned.clear();
    this.#warned.add(pair);
    log.warn(
      { registry: req.target.registry, realm: realm.host },
      'credentials withheld from a token realm on another host; asking it anonymously (see --trusted-token-realms)',
    );
    return undefined;
  }

  async #fetchToken(
    req: AuthRequest,
    realm: URL,
    service: string,
    scopes: string[],
  ): Promise<{ token: string; expiresIn: number | undefined }> {
    const url = new URL(realm);
    if (service) url.searchParams.set('service', service);
    for (const s of scopes) url.searchParams.append('scope', s);
    const headers: Record<string, string> = {};
    if (req.credential) headers.authorization = basicHeader(req.credential);
    const res = await this.#requester.fetch(
      {
        url,
        method: 'GET',
        headers,
        tlsVerify: req.tlsVerify || url.hostname !== hostnameOf(req.target.registry),
        kind: RequestKind.Token,
        maxBytes: TOKEN_MAX_BYTES,
        signal: req.signal,
      },
      req.target,
    );
    if (res.status === 401 || res.status === 403) {
      throw new RegistryError({
        kind: RegistryErrorKind.Unauthorized,
        registry: req.target.registry,
        repository: req.target.repository,
        status: res.status,
        message: `the token service of ${req.target.registry} refused ${req.credential ? 'the supplied credentials' : 'anonymous access'}`,
      });
    }
    if (res.status < 200 || res.status >= 300) {
      throw this.#bad(req.target, `HTTP ${res.status} from its token service`);
    }
    return parseToken(res.body, () => this.#bad(req.target, 'an unreadable token response'));
  }

  #blocked(target: Target, message: string): RegistryError {
    return new RegistryError({
      kind: RegistryErrorKind.Blocked,
      registry: target.registry,
      repository: target.repository,
      message,
    });
  }

  #bad(target: Target, what: string): RegistryError {
    return new RegistryError({
      kind: RegistryErrorKind.BadResponse,
      registry: target.registry,
      repository: target.repository,
      message: `registry ${target.registry} sent ${what}`,
    });
  }
}

function hostnameOf(registry: string): string {
  return registry.replace(/:\d+$/, '').toLowerCase();
}

function parseToken(
  body: Buffer,
  bad: () => RegistryError,
): { token: string; expiresIn: number | undefined } {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw bad();
  }
  const parsed = TokenResponseSchema.safeParse(json);
  // never chain the zod error: its input would carry the token
  if (!parsed.success) throw bad();
  const token = parsed.data.token ?? parsed.data.access_token;
  if (!token) throw bad();
  return { token, expiresIn: parsed.data.expires_in };
}
