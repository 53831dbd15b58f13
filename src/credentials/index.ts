/** Registry credentials by namespace, shared by the importer and the Docker trigger target. */
export {
  ALL_NAMESPACES,
  PULL_SECRET_KEYS,
  createPullCredentials,
  credentialsFromSecrets,
  namespaceCredentials,
  serverWideAllowed,
  type PullCredentialsFor,
  type PullCredentialsOptions,
} from './pull-secrets.js';
export {
  BuildSecretError,
  dockerSecretCredentials,
  type DockerSecretCredentials,
  readSecret,
  sourceSecretCredential,
  type SourceCredential,
} from './build-secrets.js';
