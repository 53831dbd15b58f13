/**
 * What the routes, the resource handlers and extensions share: the store, the resource registry,
 * readiness checks and the server's settings.
 */
import type { Store } from '../store/store.js';
import type { Logger } from '../observability/logger.js';
import { ResourceRegistry } from './resources/resource-def.js';
import { ReadinessChecks } from './observability/readiness.js';

export interface ServerSettings {
  /**
   * host[:port] of the registry that serves the streams' images; status.dockerImageRepository is
   * computed from it on every read, so an extension may set it after the server started
   */
  dockerImageRepositoryHost?: string;
}

export interface ServerContext {
  store: Store;
  resources: ResourceRegistry;
  readiness: ReadinessChecks;
  settings: ServerSettings;
  log: Logger;
  now(): Date;
  /** aborted when the server closes: long-running requests (watches) end */
  closing: AbortSignal;
}

export function createServerContext(
  store: Store,
  settings: ServerSettings,
  log: Logger,
  closing: AbortSignal,
): ServerContext {
  return {
    store,
    resources: new ResourceRegistry(),
    readiness: new ReadinessChecks(),
    settings,
    log,
    now: () => new Date(),
    closing,
  };
}
