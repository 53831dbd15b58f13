/**
 * Which token realms a registry's credentials may be sent to. A `WWW-Authenticate: Bearer
 * realm=...` challenge is the registry's word only, so a hostile or compromised registry could
 * name any host: credentials go to the registry's own host name, to a pair built in for the
 * well-known registries whose token service lives elsewhere, or to a pair the administrator
 * configured (`--trusted-token-realms REGISTRY=REALMHOST`, or a bare REALMHOST for every
 * registry). Any other realm gets an anonymous token request.
 */
import { apiHost, canonicalRegistry } from '../host.js';

/**
 * The registries whose realm is on another host (checked against each registry's challenge):
 * quay.io, ghcr.io, gcr.io, *.pkg.dev, public.ecr.aws and *.azurecr.io serve their realm on
 * their own host and need no entry.
 */
const BUILT_IN_TRUSTED_REALMS: Readonly<Record<string, readonly string[]>> = {
  'docker.io': ['auth.docker.io'],
  'registry.redhat.io': ['sso.redhat.com'],
  'registry.connect.redhat.com': ['sso.redhat.com'],
  'registry.gitlab.com': ['gitlab.com'],
  'nvcr.io': ['authn.nvidia.com'],
};

export interface RealmTrust {
  /**
   * True when the registry's credentials may be sent to this realm: its own host name or a
   * trusted pair. Such a realm is also exempt from `--allowed-registries` (it is the registry's).
   */
  trusts(registry: string, realm: URL): boolean;
}

function hostOf(entry: string): string {
  return entry
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/\/.*$/, '');
}

/** Parses `REGISTRY=REALMHOST` and bare `REALMHOST` entries; throws on an empty side. */
export function parseTrustedRealms(entries: readonly string[]): Map<string, Set<string>> {
  const byRegistry = new Map<string, Set<string>>();
  const add = (registry: string, realm: string) => {
    let set = byRegistry.get(registry);
    if (!set) byRegistry.set(registry, (set = new Set()));
    set.add(realm);
  };
  for (const [registry, realms] of Object.entries(BUILT_IN_TRUSTED_REALMS))
    for (const r of realms) add(registry, r);
  for (const raw of entries) {
    const eq = raw.indexOf('=');
    const registry = eq < 0 ? '*' : canonicalRegistry(raw.slice(0, eq));
    const realm = hostOf(eq < 0 ? raw : raw.slice(eq + 1));
    if (registry === '' || realm === '') {
      throw new Error(`--trusted-token-realms: "${raw}" is not REGISTRY=REALMHOST or REALMHOST`);
    }
    add(registry, realm);
  }
  return byRegistry;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` -> the bare host name. */
function hostnameOf(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(1, hostPort.indexOf(']'));
  return hostPort.replace(/:\d+$/, '');
}

/** The registry's own host name (any port): `127.0.0.1:5000` and `127.0.0.1:5001` are one host. */
function sameHost(registry: string, realm: URL): boolean {
  return hostnameOf(realm.host) === hostnameOf(apiHost(registry));
}

export function createRealmTrust(entries: readonly string[] = []): RealmTrust {
  const pairs = parseTrustedRealms(entries);
  // URL.host carries the port only when it is not the scheme's default: `auth.docker.io` matches
  // https://auth.docker.io/token, `auth.example.com:8443` only that port
  const paired = (registry: string, realm: URL): boolean =>
    [...(pairs.get(canonicalRegistry(registry)) ?? []), ...(pairs.get('*') ?? [])].includes(realm.host);
  return { trusts: (registry, realm) => sameHost(registry, realm) || paired(registry, realm) };
}
