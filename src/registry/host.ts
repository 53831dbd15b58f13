/**
 * Registry host names. Docker Hub is known by several names; its API lives at
 * `registry-1.docker.io` and its credentials are filed under `https://index.docker.io/v1/`.
 * DOCKER_HUB_ALIASES is the one list of those names: imports, credentials, rate-limit
 * bookkeeping, --allowed-registries, push notifications and `isctl describe` all use it. Pure.
 */

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** The key Docker files Docker Hub credentials under (config.json, the Engine's serveraddress). */
export const DOCKER_HUB_CREDENTIALS_ADDRESS = 'https://index.docker.io/v1/';
/** Every host name of Docker Hub, lowercase: its reference domain, legacy index, API host, old API host, web site (named by its webhooks). */
export const DOCKER_HUB_ALIASES: ReadonlySet<string> = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
  'hub.docker.com',
]);

/** True for any of Docker Hub's host names (case-insensitive, without scheme or port). */
export function isDockerHub(host: string): boolean {
  return DOCKER_HUB_ALIASES.has(host.toLowerCase());
}

/** The host the HTTP requests go to. */
export function apiHost(registry: string): string {
  const host = registry.toLowerCase();
  return isDockerHub(host) ? DOCKER_HUB_API_HOST : host;
}

/**
 * The canonical name a registry is known by, for credentials and rate-limit bookkeeping:
 * accepts `https://index.docker.io/v1/`, `http://host:5000/v2/`, `host:5000`, `docker.io`.
 */
export function canonicalRegistry(value: string): string {
  let host = value.trim().toLowerCase();
  host = host.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const slash = host.indexOf('/');
  if (slash >= 0) host = host.slice(0, slash);
  return isDockerHub(host) ? DOCKER_HUB : host;
}

/** Docker Hub's official images live under `library/`: `nginx` is `library/nginx`. */
export function apiRepository(registry: string, repository: string): string {
  return apiHost(registry) === DOCKER_HUB_API_HOST && !repository.includes('/')
    ? `library/${repository}`
    : repository;
}
