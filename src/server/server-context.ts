/**
 * What the routes, the resource handlers and extensions share: the store, the resource registry,
 * readiness checks and the server's settings.
 */
import { alwaysLeader, type LeaderElector } from '../controllers/leader-election.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../observability/logger.js';
import type { Image, ImageStream } from '../api/types.js';
import { ResourceRegistry } from './resources/resource-def.js';
import { ReadinessChecks } from './observability/readiness.js';
import { Capabilities } from './capabilities.js';

export interface ServerSettings {
  /**
   * host[:port] of the registry that serves the streams' images; status.dockerImageRepository is
   * computed from it on every read, so an extension may set it after the server started
   */
  dockerImageRepositoryHost?: string;
  /**
   * `--allowed-registries` (set by the importer): why a spec tag may not point at `registry`, or
   * undefined when it may; writes of such tags are refused (422) as OpenShift does
   */
  registryNotAllowed?: (registry: string) => string | undefined;
  /**
   * (set by the importer) resolves when `tag` of `stream` may point at `image` under the stream's
   * signature policy, throws a 403 StatusError when not; ImageStreamMappings call it. Without it a
   * stream carrying a signature policy annotation accepts no mapping.
   */
  verifyTagMove?: (move: {
    namespace: string;
    stream: ImageStream;
    tag: string;
    image: Image;
  }) => Promise<void>;
  /** (set by the integrated registry) its host:port: plain HTTP on loopback */
  integratedRegistryHost?: string;
}

export interface ServerContext {
  store: Store;
  resources: ResourceRegistry;
  readiness: ReadinessChecks;
  settings: ServerSettings;
  log: Logger;
  /**
   * Whether this replica runs the controllers (scheduled import, notifications processing,
   * triggers): always with SQLite; the lease holder with etcd. Check isLeader() right before a
   * side effect and follow onChange to start and stop loops.
   */
  leader: LeaderElector;
  /**
   * What one extension offers the others, by typed key (e.g. IMPORTER_CAPABILITY: the import
   * service the notifications part calls). Extensions register in order, so a later one finds an
   * earlier one's.
   */
  capabilities: Capabilities;
  now(): Date;
  /** aborted when the server closes: long-running requests (watches) end */
  closing: AbortSignal;
}

export function createServerContext(
  store: Store,
  settings: ServerSettings,
  log: Logger,
  closing: AbortSignal,
  leader: LeaderElector = alwaysLeader(),
): ServerContext {
  return {
    store,
    leader,
    capabilities: new Capabilities(),
    resources: new ResourceRegistry(),
    readiness: new ReadinessChecks(),
    settings,
    log,
    now: () => new Date(),
    closing,
  };
}
