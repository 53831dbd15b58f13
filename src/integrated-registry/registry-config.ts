/**
 * The docker-registry (CNCF distribution 2.8) configuration of the integrated registry: filesystem
 * storage under the data folder, loopback HTTP, and notifications to the server. Pure.
 */

/** The path our receiver serves; the registry's notifications of manifest pushes go there. */
export const INTEGRATED_REGISTRY_NOTIFICATIONS_PATH = '/notifications/integrated-registry';
/** The notifications part's endpoint for CNCF distribution envelopes. */
export const DISTRIBUTION_NOTIFICATIONS_PATH = '/notifications/distribution';

export interface NotificationTarget {
  name: string;
  url: string;
  /** sent as `Authorization: Bearer TOKEN` */
  token: string;
}

export interface RegistryConfigInput {
  /** host:port */
  addr: string;
  storageDir: string;
  /** signs upload state; random per start is fine (uploads do not survive a restart anyway) */
  httpSecret: string;
  notify: NotificationTarget[];
}

/**
 * Pulls (our own manifest reads included) and blob uploads are not sent: only manifest pushes
 * matter, and every sent event is an HTTP request to the server.
 */
const IGNORE = { actions: ['pull'], mediatypes: ['application/octet-stream'] };

function endpoint(target: NotificationTarget): Record<string, unknown> {
  return {
    name: target.name,
    url: target.url,
    headers: { Authorization: [`Bearer ${target.token}`] },
    // the handler reads the manifest and config back from the registry before answering
    timeout: '10s',
    threshold: 3,
    backoff: '1s',
    ignore: IGNORE,
  };
}

export function registryConfig(input: RegistryConfigInput): Record<string, unknown> {
  return {
    version: 0.1,
    // info would print the endpoints' headers, i.e. the notification tokens
    log: { level: 'warn', accesslog: { disabled: true }, formatter: 'json' },
    storage: {
      filesystem: { rootdirectory: input.storageDir },
      delete: { enabled: true },
      cache: { blobdescriptor: 'inmemory' },
    },
    http: { addr: input.addr, secret: input.httpSecret, headers: { 'X-Content-Type-Options': ['nosniff'] } },
    notifications: { events: { includereferences: false }, endpoints: input.notify.map(endpoint) },
  };
}
