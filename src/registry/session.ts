/**
 * An authorized request to a repository: resolve the endpoint, add credentials, and on 401 try
 * once more with a fresh token (the cached one went stale or the registry wants another scope),
 * then once anonymously when credentials were supplied, so public images behind a stale pull
 * secret still import.
 */
import type { Authorizer, Authorization } from './auth/authorizer.js';
import type { Credential, CredentialStore } from './auth/credentials.js';
import type { EndpointResolver, Endpoint } from './endpoint.js';
import { RegistryError, RegistryErrorKind } from './errors.js';
import { canonicalRegistry } from './host.js';
import { logger } from '../observability/logger.js';
import type { Requester, Target } from './request.js';
import type { RequestKind } from './stats.js';
import type { HttpResponse } from './transport.js';
import type { RepositoryRef, RequestOptions } from './types.js';
import { parseWwwAuthenticate, preferredChallenge, type Challenge } from './www-authenticate.js';

const log = logger('registry');

export interface RepoRequest {
  method: 'GET' | 'HEAD';
  /** path below the origin: `/v2/NAME/manifests/REF` */
  path: string;
  headers?: Record<string, string>;
  kind: RequestKind;
  maxBytes: number;
  maxRedirects?: number;
}

export interface SessionDeps {
  requester: Requester;
  endpoints: EndpointResolver;
  authorizer: Authorizer;
  credentials: CredentialStore;
}

function challengeOf(res: HttpResponse): Challenge | undefined {
  return preferredChallenge(parseWwwAuthenticate(res.headers['www-authenticate']));
}

export class Session {
  readonly #d: SessionDeps;

  constructor(deps: SessionDeps) {
    this.#d = deps;
  }

  /** The final response; a 401 is returned only after the retries above were spent. */
  async fetch(repo: RepositoryRef, req: RepoRequest, opts: RequestOptions = {}): Promise<HttpResponse> {
    const endpoint = await this.#d.endpoints.resolve(repo.registry, opts.insecure === true, opts.signal);
    const credential = (opts.credentials ?? this.#d.credentials).get(canonicalRegistry(repo.registry));
    const target: Target = { registry: repo.registry, repository: repo.repository };
    let res = await this.#asUser(endpoint, repo, req, credential, target, opts);
    if (credential && (res === 'refused' || res.status === 401)) {
      log.info(
        { registry: repo.registry, repository: repo.repository },
        'credentials refused, retrying anonymously',
      );
      res = await this.#asUser(endpoint, repo, req, undefined, target, opts);
    }
    if (res === 'refused') {
      throw new RegistryError({
        kind: RegistryErrorKind.Unauthorized,
        registry: repo.registry,
        repository: repo.repository,
        message: `you may not have access to the container image "${repo.registry}/${repo.repository}"`,
      });
    }
    return res;
  }

  /** 'refused' when the token service turned the credential away. */
  async #asUser(
    endpoint: Endpoint,
    repo: RepositoryRef,
    req: RepoRequest,
    credential: Credential | undefined,
    target: Target,
    opts: RequestOptions,
  ): Promise<HttpResponse | 'refused'> {
    const scopes = [`repository:${repo.repository}:pull`];
    let challenge = endpoint.challenge;
    let fresh = false;
    for (let attempt = 1; ; attempt++) {
      let auth: Authorization;
      try {
        auth = await this.#d.authorizer.authorize({
          challenge,
          credential,
          scopes,
          target,
          fresh,
          tlsVerify: endpoint.tlsVerify,
          signal: opts.signal,
        });
      } catch (err) {
        if (err instanceof RegistryError && err.kind === RegistryErrorKind.Unauthorized) return 'refused';
        throw err;
      }
      const res = await this.#send(endpoint, req, auth, target, opts);
      if (res.status !== 401 || attempt >= 2) return res;
      this.#d.authorizer.invalidate(auth.cacheKey);
      const next = challengeOf(res);
      // retry only when something can change: a stale cached token or a new challenge
      if (!auth.cached && !differs(next, challenge)) return res;
      challenge = next ?? challenge;
      fresh = true;
    }
  }

  #send(
    endpoint: Endpoint,
    req: RepoRequest,
    auth: Authorization,
    target: Target,
    opts: RequestOptions,
  ): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...req.headers };
    if (auth.header) headers.authorization = auth.header;
    return this.#d.requester.fetch(
      {
        url: new URL(req.path, endpoint.origin),
        method: req.method,
        headers,
        tlsVerify: endpoint.tlsVerify,
        kind: req.kind,
        maxBytes: req.maxBytes,
        maxRedirects: req.maxRedirects ?? 0,
        signal: opts.signal,
      },
      target,
      { firstRetryDelayMs: opts.firstRetryDelayMs },
    );
  }
}

function differs(a: Challenge | undefined, b: Challenge | undefined): boolean {
  if (!a) return false;
  if (!b) return true;
  return a.scheme !== b.scheme || JSON.stringify(a.params) !== JSON.stringify(b.params);
}
