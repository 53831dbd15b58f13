/** The registry client's public surface; everything else in this folder is internal. */
export { createRegistryClient, DEFAULT_USER_AGENT, DEFAULT_REQUEST_TIMEOUT_MS } from './client.js';
export { BUILT_IN_TRUSTED_REALMS, parseTrustedRealms } from './auth/realm-trust.js';
export type { RegistryClient, RegistryClientOptions } from './client.js';
export { RegistryError, RegistryErrorKind, isRegistryError } from './errors.js';
export type { RegistryErrorInit } from './errors.js';
export {
  parseDockerConfig,
  createCredentialStore,
  combineCredentialStores,
  noCredentials,
  CredentialsParseError,
  DockerConfigSchema,
  LegacyDockerCfgSchema,
} from './auth/credentials.js';
export type { Credential, CredentialStore } from './auth/credentials.js';
export { MediaType, MANIFEST_ACCEPT } from './media-types.js';
export { digestOf, isDigest, matchesDigest, parseDigest } from './digest.js';
export {
  apiHost,
  apiRepository,
  canonicalRegistry,
  DOCKER_HUB,
  DOCKER_HUB_API_HOST,
  DOCKER_HUB_CREDENTIALS_ADDRESS,
} from './host.js';
export { RateLimitObserver, parseRateLimitValue } from './rate-limit.js';
export type { RateLimitListener } from './rate-limit.js';
export { RequestKind } from './stats.js';
export type { ClientStats } from './stats.js';
export { DEFAULT_RETRY_POLICY } from './retry.js';
export type { RetryPolicy, Sleep } from './retry.js';
export { DEFAULT_TIMEOUTS } from './transport.js';
export type { Timeouts } from './transport.js';
export type { ListTagsOptions } from './tags.js';
export type {
  RepositoryRef,
  RequestOptions,
  Platform,
  Descriptor,
  ImageManifest,
  IndexManifest,
  ParsedManifest,
  ManifestHead,
  ManifestResult,
  ImageConfig,
  ImageRuntimeConfig,
  ImageLayer,
  RateLimitState,
} from './types.js';
