/** The registry client's public surface; everything else in this folder is internal. */
export { createRegistryClient } from './client.js';
export { parseTrustedRealms } from './auth/realm-trust.js';
export type { RegistryClient, RegistryClientOptions } from './client.js';
export { RegistryError, RegistryErrorKind, isRegistryError } from './errors.js';
export {
  parseDockerConfig,
  createCredentialStore,
  combineCredentialStores,
  noCredentials,
} from './auth/credentials.js';
export type { Credential, CredentialStore } from './auth/credentials.js';
export { MediaType } from './media-types.js';
export { apiRepository, canonicalRegistry, DOCKER_HUB, DOCKER_HUB_CREDENTIALS_ADDRESS } from './host.js';
export type { ClientStats } from './stats.js';
export type { RepositoryRef, RequestOptions, ManifestHead } from './types.js';
