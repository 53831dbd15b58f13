/**
 * The API server: image.openshift.io/v1 (plus core namespaces and events) with Kubernetes API
 * conventions, so that kubectl works against it. `startServer` wires the parts; extensions
 * (importer, notifications, triggers) add routes, resources and readiness checks.
 */
import { mkdir, readFile } from 'node:fs/promises';
import type { Server as HttpsServer } from 'node:https';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { logger } from '../observability/logger.js';
import type { LeaderElector } from '../controllers/leader-election.js';
import { leaderElectorFor, openStoreUrl, SQLITE_FILE_NAME } from '../store/open-store.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { WATCH_CACHED_TYPES } from '../store/resource-types.js';
import { CachingStore } from '../store/watch-cache/caching-store.js';
import { installAuthentication } from './auth/auth-plugin.js';
import { admissionCallersFromOptions, type AdmissionCallers } from './auth/admission-callers.js';
import type { DelegatedAuthOptions } from './auth/delegated/authentication-config.js';
import type { DelegatedAuth } from './auth/delegated/delegated-auth.js';
import { loadTokenFile } from './auth/token-file.js';
import { installDiscoveryRoutes } from './discovery/discovery-routes.js';
import { installApiRoutes } from './http/api-routes.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from './http/request-timeout.js';
import { DEFAULT_MAX_WATCHES_PER_USER } from './watch/watch-limiter.js';
import { installBodyParsers } from './http/body-parsers.js';
import { installWebSocketUpgrade } from './http/websocket-upgrade.js';
import { installErrorHandling } from './http/status-response.js';
import { clientErrorHandler, frameworkErrorHandler, installClosingAnswer } from './http/protocol-errors.js';
import { parseListenAddress, urlHost } from './listen-address.js';
import { installHealthRoutes } from './observability/health-routes.js';
import { leaderGauge, trackStore, watchCacheReadsTotal } from './observability/metrics.js';
import { installRequestLog } from './observability/request-log.js';
import { installRequestMetrics } from './observability/request-metrics.js';
import { installOpenApiRoutes } from './openapi/openapi-routes.js';
import { registerBuiltinResources } from './resources/builtin.js';
import { ensureNamespace } from './resources/namespaces.js';
import { createServerContext, type ServerContext } from './server-context.js';
import { reloadServingCertificate } from './tls/serving-cert-reloader.js';

const DEFAULT_MAX_REQUEST_BYTES = 3 * 1024 * 1024;
const DEFAULT_WATCH_STALL_TIMEOUT_MS = 10_000;

/** A later part plugging into the server (routes, resources, readiness checks, controllers). */
export interface ServerExtension {
  name: string;
  /** runs before the server listens: add routes to `app`, resources to `ctx.resources`, checks to `ctx.readiness` */
  register(app: FastifyInstance, ctx: ServerContext): void | Promise<void>;
  /** runs on close, before the store closes (stop controllers here) */
  close?(): void | Promise<void>;
}

/** `aggregated` and its flags: behind kube-apiserver (docs/kubernetes.md "Aggregated API"). */
export interface ServerOptions extends DelegatedAuthOptions {
  /** 'HOST:PORT'; port 0 picks a free port */
  listen: string;
  dataDir: string;
  /** default: SQLite at dataDir/imagestreams.db (then closed with the server; a given store is not) */
  store?: Store;
  /** instead of `store`: sqlite://PATH or etcd://HOST:PORT[,HOST:PORT…] (opened and closed by the server) */
  storeUrl?: string;
  /** who runs the controllers; default: always this process (SQLite), an etcd lease election (etcd) */
  leader?: LeaderElector;
  /** with etcd: how long a dead leader blocks the others (default 10 s) */
  leaderLeaseTtlSeconds?: number;
  tokenAuthFile?: string;
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** anonymous requests from anywhere (behind an authenticating proxy); default: loopback only, and only without a token file */
  allowAnonymous?: boolean;
  /** default 3 MiB */
  maxRequestBytes?: number;
  /** SQLite: start on an empty store although its identity says it held data (docs/operations.md) */
  acceptEmptyStore?: boolean;
  /** host[:port] of the registry serving the streams: status.dockerImageRepository = HOST/NS/NAME */
  dockerImageRepositoryHost?: string;
  extensions?: ServerExtension[];
  /** how often watches asking for bookmarks get one (default 60 s) */
  watchBookmarkIntervalMs?: number;
  /** deadline of every API request but watches, answered 504 Timeout past it (default 60 s; 0: none) */
  requestTimeoutMs?: number;
  /** open watches per user, 429 past it (default 100; 0: no limit) */
  maxWatchesPerUser?: number;
  /** a watch whose connection stays full this long is closed (default 10 s; 0: never) */
  watchStallTimeoutMs?: number;
  /** GET and LIST from a watch cache (store/watch-cache; default true, `--watch-cache=false`) */
  watchCache?: boolean;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:39123 */
  url: string;
  store: Store;
  app: FastifyInstance;
  context: ServerContext;
  close(): Promise<void>;
}

async function openStore(options: ServerOptions): Promise<{ store: Store; owned: boolean }> {
  if (options.store) return { store: options.store, owned: false };
  await mkdir(options.dataDir, { recursive: true });
  const accept = options.acceptEmptyStore ? { acceptEmptyStore: true } : {};
  if (options.storeUrl)
    return { store: await openStoreUrl(options.storeUrl, options.dataDir, accept), owned: true };
  return {
    store: await openSqliteStore({ path: path.join(options.dataDir, SQLITE_FILE_NAME), ...accept }),
    owned: true,
  };
}

/** The store the server and its extensions read through: behind a watch cache unless turned off. */
function withWatchCache(store: Store, options: ServerOptions): Store {
  if (options.watchCache === false) return store;
  return new CachingStore(store, {
    types: WATCH_CACHED_TYPES,
    onRead: (type, hit) =>
      watchCacheReadsTotal.inc({ resource: type.resource, result: hit ? 'hit' : 'miss' }),
  });
}

interface HttpsOptions {
  cert: Buffer;
  key: Buffer;
  /** client certificates (aggregated): checked against these CAs, refused by the authenticator, not TLS */
  ca?: string[];
  requestCert?: boolean;
  rejectUnauthorized?: boolean;
}

/**
 * The serving pair, and client certificates asked for (checked against the CAs, refused by the
 * authenticator, not by TLS) when some CA may vouch for a client: always behind kube-apiserver,
 * whose CAs may appear or change later.
 */
async function httpsOptions(
  options: ServerOptions,
  clientCaPems: string[],
  askClientCertificates: boolean,
): Promise<HttpsOptions | undefined> {
  if (!options.tlsCertFile && !options.tlsKeyFile) return undefined;
  if (!options.tlsCertFile || !options.tlsKeyFile)
    throw new Error('TLS needs both --tls-cert-file and --tls-private-key-file');
  const pair = { cert: await readFile(options.tlsCertFile), key: await readFile(options.tlsKeyFile) };
  if (!askClientCertificates && clientCaPems.length === 0) return pair;
  return {
    ...pair,
    ...(clientCaPems.length > 0 ? { ca: clientCaPems } : {}),
    requestCert: true,
    rejectUnauthorized: false,
  };
}

async function delegatedAuthOf(
  options: ServerOptions,
  log: ServerContext['log'],
): Promise<DelegatedAuth | undefined> {
  if (!options.aggregated) return undefined;
  const { checkAggregatedOptions, delegatedAuth } = await import('./auth/delegated/delegated-auth.js');
  checkAggregatedOptions(options);
  return delegatedAuth(options, log);
}

/** Every CA a client certificate may chain to, as they are now. */
function clientCasOf(delegated: DelegatedAuth | undefined, admission: AdmissionCallers): () => string[] {
  return () => [
    ...(delegated?.authenticator.clientCaPems() ?? []),
    ...(admission.caPem ? [admission.caPem] : []),
  ];
}

/** The serving pair follows its files, and the client CAs their sources (aggregated). */
function followServingCertificate(
  app: FastifyInstance,
  options: ServerOptions,
  clientCaPems: () => string[],
  delegated: DelegatedAuth | undefined,
  log: ServerContext['log'],
): void {
  if (!options.tlsCertFile || !options.tlsKeyFile) return;
  const follower = reloadServingCertificate(
    app.server as HttpsServer,
    {
      certFile: options.tlsCertFile,
      keyFile: options.tlsKeyFile,
      extra: () => {
        const ca = clientCaPems();
        return ca.length > 0 ? { ca } : {};
      },
    },
    log,
  );
  delegated?.onClientCasChange(() => follower.refresh());
  app.addHook('onClose', async () => {
    follower.stop();
    delegated?.stop();
  });
}

async function buildApp(
  options: ServerOptions,
  ctx: ServerContext,
  serving: () => boolean,
): Promise<FastifyInstance> {
  const delegated = await delegatedAuthOf(options, ctx.log);
  const admission = await admissionCallersFromOptions(options);
  const clientCaPems = clientCasOf(delegated, admission);
  const https = await httpsOptions(options, clientCaPems(), delegated !== undefined);
  const tokens = options.tokenAuthFile ? await loadTokenFile(options.tokenAuthFile) : undefined;
  // typed as Fastify's logger, so the instance is the FastifyInstance every install* takes (a pino
  // Logger would make it FastifyInstance<…, Logger>, which TypeScript does not relate to it); with
  // `https` the server is a node:https Server, which Node's types declare an http.Server
  const loggerInstance: FastifyBaseLogger = logger('apiserver');
  const app = Fastify({
    loggerInstance,
    bodyLimit: options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
    forceCloseConnections: true,
    // logged by installRequestLog, with query values redacted
    logController: new LogController({ disableRequestLogging: true }),
    // a Status instead (installClosingAnswer)
    return503OnClosing: false,
    // errors before a route (parser, router) are Status objects too
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    ...(https ? { https } : {}),
  });
  installErrorHandling(app, ctx.log);
  installClosingAnswer(app, ctx.closing);
  installBodyParsers(app);
  installWebSocketUpgrade(app);
  // --aggregated always has TLS (checkAggregatedOptions): the CA follower stops with the serving one
  if (https) followServingCertificate(app, options, clientCaPems, delegated, ctx.log);
  installAuthentication(app, {
    ...(tokens ? { tokens } : {}),
    ...(delegated ? { delegated } : {}),
    admission,
    allowAnonymous: options.allowAnonymous ?? false,
  });
  installRequestMetrics(app);
  installRequestLog(app, ctx.log);
  installHealthRoutes(app, ctx, serving);
  installDiscoveryRoutes(app, ctx);
  installOpenApiRoutes(app, ctx);
  installApiRoutes(app, ctx, {
    bookmarkIntervalMs: options.watchBookmarkIntervalMs ?? 60_000,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    maxWatchesPerUser: options.maxWatchesPerUser ?? DEFAULT_MAX_WATCHES_PER_USER,
    watchStallTimeoutMs: options.watchStallTimeoutMs ?? DEFAULT_WATCH_STALL_TIMEOUT_MS,
  });
  return app;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const address = parseListenAddress(options.listen);
  const opened = await openStore(options);
  const { owned } = opened;
  const store = withWatchCache(opened.store, options);
  const closing = new AbortController();
  const log = logger('apiserver');
  const settings = options.dockerImageRepositoryHost
    ? { dockerImageRepositoryHost: options.dockerImageRepositoryHost }
    : {};
  const leader =
    options.leader ??
    (await leaderElectorFor(options.storeUrl, {
      ...(options.leaderLeaseTtlSeconds ? { leaseTtlSeconds: options.leaderLeaseTtlSeconds } : {}),
    }));
  const ctx = createServerContext(store, settings, log, closing.signal, leader);
  let serving = false;
  let app: FastifyInstance | undefined;
  const untrack = trackStore(store);
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closed ??= (async () => {
      serving = false;
      closing.abort();
      await leader.stop();
      for (const ext of [...(options.extensions ?? [])].reverse()) await ext.close?.();
      await app?.close();
      untrack();
      if (store instanceof CachingStore) store.stop();
      if (owned) await opened.store.close();
    })());
  try {
    registerBuiltinResources(ctx);
    ctx.readiness.add('store', async () => {
      const damage = store.damaged?.();
      if (damage) throw new Error(damage);
      await store.currentResourceVersion();
    });
    await ensureNamespace(store, 'default');
    app = await buildApp(options, ctx, () => serving);
    for (const ext of options.extensions ?? []) await ext.register(app, ctx);
    await app.listen({ host: address.host, port: address.port });
  } catch (e) {
    await close().catch(() => undefined);
    throw e;
  }
  serving = true;
  leader.onChange((isLeader) => {
    leaderGauge.set(isLeader ? 1 : 0);
    log.info({ leader: isLeader }, isLeader ? 'leading: controllers run here' : 'not leading');
  });
  leader.start();
  const port = (app.server.address() as { port: number }).port;
  const scheme = options.tlsCertFile ? 'https' : 'http';
  return { url: `${scheme}://${urlHost(address.host)}:${port}`, store, app, context: ctx, close };
}
