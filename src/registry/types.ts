/** The client's public data types. */
import type { CredentialStore } from './auth/credentials.js';

/** An already-parsed repository: `{ registry: 'docker.io', repository: 'library/nginx' }`. */
export interface RepositoryRef {
  /** host[:port]; `docker.io` is accepted and mapped to Docker Hub's API host. */
  registry: string;
  repository: string;
}

export interface RequestOptions {
  /** Allow plain HTTP and TLS without verification for this registry (importPolicy.insecure). */
  insecure?: boolean;
  /** Abort the whole operation (all retries) from outside. */
  signal?: AbortSignal;
  /**
   * The credentials of this request (e.g. one namespace's pull secrets), instead of the client's
   * own. Tokens are cached per credential, so requests with different credentials never share one.
   */
  credentials?: CredentialStore;
  /**
   * Retry a transient failure (5xx, reset, timeout) first after this many ms (half to all of it),
   * before the client's usual backoff. Push imports set it: right after its notification a
   * registry may answer 500 for the moment it rewrites the tag link.
   */
  firstRetryDelayMs?: number;
}

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  osVersion?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  /** OCI 1.1: what an artifact manifest (a referrer) holds */
  artifactType?: string;
}

export interface ImageManifest {
  kind: 'image';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

export interface IndexManifest {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export type ParsedManifest = ImageManifest | IndexManifest;

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

export interface ManifestResult {
  digest: string;
  mediaType: string;
  bytes: Buffer;
  manifest: ParsedManifest;
}

export interface ImageRuntimeConfig {
  Env?: string[];
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, object>;
  Cmd?: string[];
  Entrypoint?: string[];
  WorkingDir?: string;
  User?: string;
}

export interface ImageLayer {
  digest: string;
  mediaType: string;
  size: number;
}

/** Image metadata from the config blob (and the manifest's layers when it was given). */
export interface ImageConfig {
  configDigest: string;
  created?: string;
  author?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  config: ImageRuntimeConfig;
  layers: ImageLayer[];
  /** config blob size plus the sum of layer sizes. */
  totalSize: number;
}

export interface RateLimitState {
  limit: number;
  remaining?: number;
  /** window in seconds (`w=21600`), when the registry says */
  windowSeconds?: number;
  observedAt: Date;
}
