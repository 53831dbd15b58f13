/** Registry credentials by namespace, shared by the importer and the Docker trigger target. */
export { createPullCredentials, type PullCredentialsFor } from './pull-secrets.js';
export {
  BuildSecretError,
  dockerSecretCredentials,
  readSecret,
  secretDataValue,
  sourceSecretCredential,
  type SourceCredential,
} from './build-secrets.js';
