/**
 * The registry client: one instance per server (or per benchmark run), holding the keep-alive
 * agents, the ping cache, the token cache, the request counters and the rate-limit observer.
 */
import type { EgressPolicy } from '../net/egress-guard.js';
import { defaultEgressPolicy } from '../net/egress-policy.js';
import { Authorizer } from './auth/authorizer.js';
import { createRealmTrust } from './auth/realm-trust.js';
import { noCredentials, type CredentialStore } from './auth/credentials.js';
import { TokenCache } from './auth/token-cache.js';
import { EndpointResolver } from './endpoint.js';
import { getBlob } from './blobs.js';
import { getImageConfig } from './image-config.js';
import { getManifest, headManifest } from './manifests.js';
import { RateLimitObserver, type RateLimitListener } from './rate-limit.js';
import { Requester } from './request.js';
import { DEFAULT_RETRY_POLICY, realSleep, type RetryPolicy, type Sleep } from './retry.js';
import { Session } from './session.js';
import { StatsCounter, type ClientStats } from './stats.js';
import { listTags, type ListTagsOptions } from './tags.js';
import { listReferrers } from './referrers.js';
import { DEFAULT_TIMEOUTS, Transport, type Timeouts } from './transport.js';
import { apiRepository, canonicalRegistry } from './host.js';
import type {
  Descriptor,
  ImageConfig,
  ImageManifest,
  ManifestHead,
  ManifestResult,
  RateLimitState,
  RepositoryRef,
  RequestOptions,
} from './types.js';

export interface RegistryClientOptions {
  credentials?: CredentialStore;
  userAgent?: string;
  timeouts?: Partial<Timeouts>;
  retry?: Partial<RetryPolicy>;
  /** injected so tests never wait */
  sleep?: Sleep;
  /** epoch milliseconds; drives token expiry and Retry-After dates */
  now?: () => number;
  /** jitter source, [0, 1) */
  random?: () => number;
  /** called with every rate-limit budget a registry reports */
  onRateLimit?: RateLimitListener;
  /** `--registry-request-timeout`: the overall deadline of one request, retries included (default 30 s) */
  requestTimeoutMs?: number;
  /** `--trusted-token-realms`: `REGISTRY=REALMHOST` or `REALMHOST`, besides the built-in pairs */
  trustedTokenRealms?: readonly string[];
  /** `--allowed-registries` applied to foreign token realms (default: every host) */
  realmAllowed?: (host: string) => boolean;
  /** link-local and metadata addresses (`--allow-link-local-egress`), and the resolver */
  egress?: EgressPolicy;
  /** PEM certificates trusted besides the system's roots */
  extraCaCerts?: readonly string[];
  /** `--max-listed-tags`: tags read per repository listing (default 10,000; -1 for no limit) */
  maxListedTags?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface RegistryClient {
  /** Digest, media type and size of a tag or digest: one HEAD when the registry cooperates. */
  headManifest(repo: RepositoryRef, reference: string, opts?: RequestOptions): Promise<ManifestHead>;
  /** The manifest bytes, verified against the digest, and parsed. */
  getManifest(repo: RepositoryRef, reference: string, opts?: RequestOptions): Promise<ManifestResult>;
  /** Image metadata from the config blob; pass the image manifest to get its layers too. */
  getImageConfig(
    repo: RepositoryRef,
    source: Descriptor | ImageManifest,
    opts?: RequestOptions,
  ): Promise<ImageConfig>;
  /** A small blob's bytes by digest (at most `maxBytes`), verified against the digest. */
  getBlob(
    repo: RepositoryRef,
    descriptor: Pick<Descriptor, 'digest' | 'size'>,
    opts: RequestOptions & { maxBytes: number },
  ): Promise<Buffer>;
  /**
   * The manifests whose subject is `digest` (OCI referrers API), of `artifactType` when given;
   * undefined when the registry has no referrers API (read the `sha256-<hex>` tag instead).
   */
  listReferrers(
    repo: RepositoryRef,
    digest: string,
    opts?: RequestOptions & { artifactType?: string },
  ): Promise<Descriptor[] | undefined>;
  /** Every tag, following pagination. */
  listTags(repo: RepositoryRef, opts?: ListTagsOptions): Promise<string[]>;
  /** Request counters since the client was created. */
  stats(): ClientStats;
  /** The last rate-limit budget a registry reported (`docker.io` for Docker Hub). */
  rateLimit(registry: string): RateLimitState | undefined;
  close(): Promise<void>;
}

const DEFAULT_USER_AGENT = 'imagestreams/0.1';

export function createRegistryClient(options: RegistryClientOptions = {}): RegistryClient {
  const now = options.now ?? Date.now;
  const stats = new StatsCounter();
  const rateLimits = new RateLimitObserver(options.onRateLimit);
  const transport = new Transport({
    timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    stats,
    egress: options.egress ?? defaultEgressPolicy(),
    ...(options.extraCaCerts ? { extraCaCerts: options.extraCaCerts } : {}),
  });
  const requester = new Requester({
    transport,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
    now,
    stats,
    rateLimits,
    deadlineMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  });
  const session = new Session({
    requester,
    endpoints: new EndpointResolver(requester),
    authorizer: new Authorizer(requester, new TokenCache(now), {
      trust: createRealmTrust(options.trustedTokenRealms),
      allowed: options.realmAllowed ?? (() => true),
    }),
    credentials: options.credentials ?? noCredentials,
  });
  const norm = (r: RepositoryRef): RepositoryRef => ({
    registry: r.registry,
    repository: apiRepository(r.registry, r.repository),
  });
  return {
    headManifest: (repo, reference, opts = {}) => headManifest(session, norm(repo), reference, opts),
    getManifest: (repo, reference, opts = {}) => getManifest(session, norm(repo), reference, opts),
    getImageConfig: (repo, source, opts = {}) => getImageConfig(session, norm(repo), source, opts),
    getBlob: (repo, descriptor, { maxBytes, ...opts }) =>
      getBlob(session, norm(repo), descriptor, opts, { maxBytes }),
    listReferrers: (repo, digest, opts = {}) => listReferrers(session, norm(repo), digest, opts),
    listTags: (repo, opts = {}) =>
      listTags(session, norm(repo), {
        ...(options.maxListedTags !== undefined ? { maxTags: options.maxListedTags } : {}),
        ...opts,
      }),
    stats: () => stats.snapshot(),
    rateLimit: (registry) => rateLimits.get(canonicalRegistry(registry)),
    close: () => transport.close(),
  };
}
