/**
 * The Secrets a build names (OpenShift's `pullSecret`, `pushSecret`, `sourceSecret`), read from
 * the build's namespace at every build. A pull or push secret is a docker config Secret (as
 * `PULL_SECRET_KEYS`); a source secret holds `username`/`password` (Git over http(s) with basic
 * auth) and/or `ssh-privatekey` (with an optional `known_hosts`), as OpenShift's source secrets.
 * Errors name the Secret and the key, never a value.
 */
import { canonicalRegistry, parseDockerConfig, type CredentialStore } from '../registry/index.js';
import type { SecretObject } from '../api/secret.js';
import { SECRETS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import { PULL_SECRET_KEYS } from './pull-secrets.js';

export class BuildSecretError extends Error {}

export interface SourceCredential {
  username?: string;
  password?: string;
  sshPrivateKey?: string;
  knownHosts?: string;
}

export async function readSecret(store: Store, namespace: string, name: string): Promise<SecretObject> {
  const secret = await store.get(SECRETS, namespace, name);
  if (!secret) throw new BuildSecretError(`secret "${name}" not found in namespace "${namespace}"`);
  return secret;
}

/**
 * a Secret's `data[key]`, base64-decoded; undefined when data or the key is missing or not a
 * string (checked, not trusted: a damaged stored Secret reads as one without the key)
 */
export function secretDataValue(secret: { readonly data?: unknown }, key: string): string | undefined {
  const data = secret.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const value: unknown = Object.entries(data).find(([k]) => k === key)?.[1];
  return typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}

/** a docker config Secret's credentials, and the registries it has them for */
export interface DockerSecretCredentials extends CredentialStore {
  registries: string[];
}

/** the registry hosts of a parsed docker config (`auths` of config.json, or a legacy .dockercfg's keys) */
function registriesOf(text: string): string[] {
  const json = JSON.parse(text) as Record<string, unknown>;
  const auths = typeof json.auths === 'object' && json.auths !== null ? json.auths : json;
  return Object.keys(auths).map(canonicalRegistry);
}

/** the registry credentials of a docker config Secret */
export function dockerSecretCredentials(secret: SecretObject): DockerSecretCredentials {
  const name = secret.metadata.name;
  const key = PULL_SECRET_KEYS[secret.type ?? ''];
  const text = key ? secretDataValue(secret, key) : undefined;
  if (!key || text === undefined)
    throw new BuildSecretError(
      `secret "${name}" is not a docker config secret (type kubernetes.io/dockerconfigjson or kubernetes.io/dockercfg)`,
    );
  try {
    const store = parseDockerConfig(text);
    return {
      get: (registry) => store.get(registry),
      scope: `secret/${secret.metadata.namespace ?? ''}/${name}`,
      registries: registriesOf(text),
    };
  } catch {
    throw new BuildSecretError(`secret "${name}": ${key} is not a docker config`);
  }
}

/** a source secret's Git credentials; at least a password or an SSH key */
export function sourceSecretCredential(secret: SecretObject): SourceCredential {
  const out: SourceCredential = {};
  const username = secretDataValue(secret, 'username');
  const password = secretDataValue(secret, 'password');
  const key = secretDataValue(secret, 'ssh-privatekey');
  const knownHosts = secretDataValue(secret, 'known_hosts');
  if (username !== undefined) out.username = username;
  if (password !== undefined) out.password = password;
  if (key !== undefined) out.sshPrivateKey = key;
  if (knownHosts !== undefined) out.knownHosts = knownHosts;
  if (out.password === undefined && out.sshPrivateKey === undefined)
    throw new BuildSecretError(
      `secret "${secret.metadata.name}" has neither "password" nor "ssh-privatekey": not a source secret`,
    );
  return out;
}
