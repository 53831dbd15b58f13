/**
 * Which registry credentials an import in a namespace, or a Docker pull for a container following
 * a stream in that namespace, may use (one answer for src/importer and src/triggers): the
 * namespace's own pull secrets (every `kubernetes.io/dockerconfigjson` and `kubernetes.io/dockercfg` Secret in it, as OpenShift
 * uses all pull secrets of the namespace), then the server-wide `--registry-credentials`, but
 * only for the namespaces `--registry-credentials-namespaces` names. Credentials are matched by
 * registry host, as Docker does; the first Secret (by name) with an entry for the host wins.
 */
import { logger } from '../observability/logger.js';
import {
  combineCredentialStores,
  noCredentials,
  parseDockerConfig,
  type Credential,
  type CredentialStore,
} from '../registry/index.js';
import type { SecretObject } from '../api/secret.js';
import { SECRETS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';

const log = logger('credentials');

/** The data key of each Secret type that holds registry credentials. */
export const PULL_SECRET_KEYS: Readonly<Record<string, string>> = {
  'kubernetes.io/dockerconfigjson': '.dockerconfigjson',
  'kubernetes.io/dockercfg': '.dockercfg',
};

/** Every namespace: `--registry-credentials-namespaces '*'`. */
const ALL_NAMESPACES = '*';

/** The credentials of one namespace; `scope` keeps caches from sharing answers across namespaces. */
export type PullCredentialsFor = (namespace: string) => Promise<CredentialStore>;

export interface PullCredentialsOptions {
  store: Store;
  /** `--registry-credentials` */
  serverWide?: CredentialStore | undefined;
  /** `--registry-credentials-namespaces`: who may use `serverWide` (`*`: all); default none */
  serverWideNamespaces?: readonly string[] | undefined;
}

export function serverWideAllowed(namespace: string, allowed: readonly string[] | undefined): boolean {
  return (allowed ?? []).some((n) => n === ALL_NAMESPACES || n === namespace);
}

/** The credential store of one pull Secret; undefined when it is not one, or does not parse. */
function secretCredentials(secret: SecretObject): CredentialStore | undefined {
  const key = PULL_SECRET_KEYS[secret.type ?? ''];
  const value = key ? secret.data?.[key] : undefined;
  if (typeof value !== 'string') return undefined;
  try {
    return parseDockerConfig(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    // validated on write; one damaged in the store is skipped, and never quoted
    log.warn(
      { namespace: secret.metadata.namespace, secret: secret.metadata.name },
      'pull secret skipped: not a docker config',
    );
    return undefined;
  }
}

/** The pull secrets of a namespace as one store, the Secrets in name order. Pure. */
export function credentialsFromSecrets(secrets: readonly SecretObject[]): CredentialStore {
  const stores = [...secrets]
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0))
    .map(secretCredentials)
    .filter((s): s is CredentialStore => s !== undefined);
  return combineCredentialStores(...stores);
}

/** The namespace's credentials: its pull secrets first, then the server-wide ones where allowed. Pure. */
export function namespaceCredentials(
  namespace: string,
  secrets: readonly SecretObject[],
  options: Omit<PullCredentialsOptions, 'store'>,
): CredentialStore {
  const own = credentialsFromSecrets(secrets);
  const serverWide =
    options.serverWide && serverWideAllowed(namespace, options.serverWideNamespaces)
      ? options.serverWide
      : noCredentials;
  const both = combineCredentialStores(own, serverWide);
  return {
    get: (registry: string): Credential | undefined => both.get(registry),
    scope: `namespace/${namespace}`,
  };
}

async function listSecrets(store: Store, namespace: string): Promise<SecretObject[]> {
  const out: SecretObject[] = [];
  let token: string | undefined;
  do {
    const page = await store.list(SECRETS, { namespace, limit: 500, ...(token ? { continue: token } : {}) });
    out.push(...page.items);
    token = page.continue;
  } while (token);
  return out;
}

/** Reads the namespace's Secrets at every call: a new or changed pull secret counts at the next import. */
export function createPullCredentials(options: PullCredentialsOptions): PullCredentialsFor {
  return async (namespace) =>
    namespaceCredentials(namespace, await listSecrets(options.store, namespace), options);
}
