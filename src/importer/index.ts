/**
 * The importer's public surface, and `startImporter`: what the server calls to serve
 * `imagestreamimports` and to run the tag import controller.
 */
import type { CredentialStore, RegistryClient } from '../registry/index.js';
import { createRegistryClient } from '../registry/index.js';
import type { ResourceRegistry } from '../server/resources/resource-def.js';
import { capabilityKey } from '../server/capabilities.js';
import type { ServerExtension } from '../server/serve.js';
import type { Store } from '../store/store.js';
import { createRegistryAllowList } from './allowed-registries.js';
import { imageStreamImportResource } from './imagestreamimport-route.js';
import { createImportService, type ImportService } from './import-service.js';
import type { Platform } from './platform-selection.js';
import { startTagImportController, type TagImportController } from './tag-import-controller.js';
import { startPruneSchedule, type PruneSchedule } from './prune-schedule.js';
import type { PrunePolicy } from './prune-policy.js';
import type { ImportRegistryClient } from './resolve-image.js';
import { createPullCredentials, type PullCredentialsFor } from '../credentials/index.js';
import {
  createRegistryBudget,
  formatBudgetLine,
  registerBudgetMetrics,
  releaseRegistryBudget,
  type RegistryBudget,
} from '../registry/budget/index.js';
import {
  followLeader,
  startScheduledImportController,
  type ScheduledImportController,
  type ScheduleSettings,
} from './schedule/index.js';
import { alwaysLeader, type LeaderElector } from '../controllers/leader-election.js';
import { whileLeader, type LeaderGated } from '../controllers/while-leader.js';
import type { Clock } from '../controllers/clock.js';
import { createEventRecorder } from '../notifications/outbound/event-recorder.js';
import type { NamespaceKeys } from './signatures/namespace-keys.js';
import type { NamespaceIdentities } from './signatures/namespace-identities.js';
import type { SigstoreTrust } from './signatures/sigstore-trusted-root.js';
import type { ImportEventSink } from './signatures/signature-events.js';
import { signatureCheckFor, type SignatureCheck } from './signatures/signature-check.js';
import { tagMoveVerifier } from './signatures/tag-move-check.js';
import type { ImageStream } from '../api/types.js';

export { createImportLanes, laneOf, type ImportLanes } from './import-lanes.js';
export { createImportService, type ImportService } from './import-service.js';
export { type TagImportController } from './tag-import-controller.js';
export { type Platform } from './platform-selection.js';
export { type PrunePolicy } from './prune-policy.js';
export { buildImage, buildManifestListImage } from './build-image.js';
export { type PruneSchedule } from './prune-schedule.js';
export { parseCosignKeysFile, type NamespaceKeys } from './signatures/namespace-keys.js';
export { parseSigstoreIdentitiesFile, type NamespaceIdentities } from './signatures/namespace-identities.js';
export { parseSigstoreTrustedRoot, type SigstoreTrust } from './signatures/sigstore-trusted-root.js';
export { type ScheduledImportController, type ScheduleSettings } from './schedule/index.js';

export interface ImporterOptions {
  store: Store;
  /** the server's resource registry: `imagestreamimports` is added to it */
  resources?: ResourceRegistry;
  /**
   * `--registry-credentials`: server-wide registry credentials, used only by the namespaces
   * `credentialNamespaces` names; every namespace also uses its own pull secrets
   */
  credentials?: CredentialStore;
  /** `--registry-credentials-namespaces`: who may use `credentials` (`*`: every namespace); default none */
  credentialNamespaces?: readonly string[];
  registryClient?: RegistryClient;
  /** `--allowed-registries`: host patterns; empty allows every registry */
  allowedRegistries?: readonly string[] | string;
  /** `--platform`, for picking from manifest lists in Legacy mode */
  platform?: Platform;
  /** `--max-tags-per-repository` (default 50, -1 unlimited) */
  maxTagsPerRepository?: number;
  /** run the tag import controller (default true) */
  controller?: boolean;
  /** the daily prune of history and unreferenced Images (default on, daily, 3 revisions / 60 minutes); false: off */
  prune?: false | { intervalMs?: number; policy?: PrunePolicy };
  /** aborted when the server closes */
  closing?: AbortSignal;
  /** scheduled import of `importPolicy.scheduled` tags (default on, 15 min); false: off; off with `controller: false` */
  schedule?: false | ScheduleSettings;
  /** the per-registry request budget (default: a new one, fed by the client's rate-limit reports) */
  budget?: RegistryBudget;
  /** the import controller, scheduled import and pruning run only while this process leads (default: always) */
  leader?: LeaderElector;
  /** `--registry-request-timeout`: deadline of one registry request, retries included (default 30 s) */
  registryRequestTimeoutMs?: number;
  /** `--trusted-token-realms`: `REGISTRY=REALMHOST` or `REALMHOST`, besides the built-in pairs */
  trustedTokenRealms?: readonly string[];
  /** `--max-listed-tags`: tags read per repository listing (default 10,000; -1 no limit) */
  maxListedTags?: number;
  /** the clock of imports (history times, the cooldown's first-seen) and of the controller's timers (default: the system's) */
  clock?: Clock;
  /** `--cosign-keys-file`: the cosign keys each namespace's imports must be signed with */
  cosignKeys?: NamespaceKeys;
  /** `--sigstore-trusted-root`: what keyless Sigstore bundles are verified against */
  sigstoreTrust?: SigstoreTrust;
  /** `--sigstore-identities-file`: the keyless signer each namespace's imports must be signed by */
  sigstoreIdentities?: NamespaceIdentities;
  /** Warning Events of refused signatures (the server extension passes its EventRecorder) */
  events?: ImportEventSink;
}

export interface Importer {
  service: ImportService;
  /** the tag import controller while this process leads (undefined otherwise, or when off) */
  controller(): TagImportController | undefined;
  prune: LeaderGated<PruneSchedule> | undefined;
  registryClient: RegistryClient;
  scheduled: ScheduledImportController | undefined;
  budget: RegistryBudget;
  /**
   * The signature check a tag move into `stream` needs under the server's settings, for tag
   * moves outside imports (integrated-registry pushes, ImageStreamMappings); undefined when none.
   */
  signatureCheckFor(namespace: string, stream: ImageStream | undefined): SignatureCheck | undefined;
  /** where the Warning Events of refused signatures go */
  events: ImportEventSink | undefined;
  close(): Promise<void>;
}

/** The credentials of a namespace: its pull secrets, and the server-wide ones where allowed. */
function credentialsOf(options: ImporterOptions): PullCredentialsFor {
  return createPullCredentials({
    store: options.store,
    serverWide: options.credentials,
    serverWideNamespaces: options.credentialNamespaces,
  });
}

function clockDate(clock: Clock): () => Date {
  return () => new Date(clock.now());
}

function serviceOf(options: ImporterOptions, client: ImportRegistryClient): ImportService {
  return createImportService({
    store: options.store,
    client,
    credentialsFor: credentialsOf(options),
    allowList: createRegistryAllowList(options.allowedRegistries),
    ...(options.clock ? { now: clockDate(options.clock) } : {}),
    ...(options.platform ? { serverPlatform: options.platform } : {}),
    ...(options.maxTagsPerRepository !== undefined
      ? { maxTagsPerRepository: options.maxTagsPerRepository }
      : {}),
    ...(options.cosignKeys ? { cosignKeys: options.cosignKeys } : {}),
    ...(options.sigstoreTrust ? { sigstoreTrust: options.sigstoreTrust } : {}),
    ...(options.sigstoreIdentities ? { sigstoreIdentities: options.sigstoreIdentities } : {}),
    ...(options.events ? { events: options.events } : {}),
  });
}

/** A single process without an elector leads from the start. */
function leadingAlone(): LeaderElector {
  const leader = alwaysLeader();
  leader.start();
  return leader;
}

function pruneOf(options: ImporterOptions): PruneSchedule {
  const prune = options.prune === false ? undefined : options.prune;
  return startPruneSchedule({
    store: options.store,
    ...(prune?.intervalMs ? { intervalMs: prune.intervalMs } : {}),
    ...(prune?.policy ? { policy: prune.policy } : {}),
  });
}

function scheduleOf(
  options: ImporterOptions,
  client: RegistryClient,
  budget: RegistryBudget,
): ScheduledImportController | undefined {
  if (options.controller === false || options.schedule === false) return undefined;
  const start = () =>
    startScheduledImportController({
      ...options.schedule,
      budget,
      store: options.store,
      client,
      allowList: createRegistryAllowList(options.allowedRegistries),
      credentialsFor: credentialsOf(options),
      importServiceFor: (scheduledClient) => serviceOf(options, scheduledClient),
    });
  return options.leader ? followLeader(options.leader, start) : start();
}

function ownRegistryClient(options: ImporterOptions, budget: RegistryBudget): RegistryClient {
  const allowList = createRegistryAllowList(options.allowedRegistries);
  // no credentials of its own: every request carries its namespace's (src/credentials/pull-secrets.ts)
  return createRegistryClient({
    onRateLimit: (registry, state) => budget.observe(registry, state),
    // a token realm on another host is one more host we talk to: the allow-list covers it
    realmAllowed: (host) => allowList.allows(host),
    ...(options.registryRequestTimeoutMs ? { requestTimeoutMs: options.registryRequestTimeoutMs } : {}),
    ...(options.trustedTokenRealms ? { trustedTokenRealms: options.trustedTokenRealms } : {}),
    ...(options.maxListedTags !== undefined ? { maxListedTags: options.maxListedTags } : {}),
  });
}

export function startImporter(options: ImporterOptions): Importer {
  const ownClient = !options.registryClient;
  const ownBudget = !options.budget;
  const budget = options.budget ?? createRegistryBudget();
  registerBudgetMetrics();
  const registryClient = options.registryClient ?? ownRegistryClient(options, budget);
  const service = serviceOf(options, registryClient);
  const closing = options.closing ? { closing: options.closing } : {};
  options.resources?.add(imageStreamImportResource(service, { store: options.store, ...closing }));
  const leader = options.leader ?? leadingAlone();
  // one replica imports, prunes and checks on a schedule; every replica serves ImageStreamImport
  const controller =
    options.controller === false
      ? undefined
      : whileLeader(
          leader,
          () =>
            startTagImportController({
              store: options.store,
              importer: service,
              ...(options.clock ? { clock: options.clock } : {}),
            }),
          'tag-import',
        );
  const prune = options.prune === false ? undefined : whileLeader(leader, () => pruneOf(options), 'prune');
  const scheduled = scheduleOf(options, registryClient, budget);
  return {
    service,
    controller: () => controller?.current(),
    prune,
    registryClient,
    scheduled,
    budget,
    signatureCheckFor: (namespace, stream) => signatureCheckFor(options, namespace, stream),
    events: options.events,
    async close() {
      await scheduled?.stop();
      if (ownBudget) releaseRegistryBudget(budget);
      await prune?.stop();
      await controller?.stop();
      if (ownClient) await registryClient.close();
    },
  };
}

/** Where the running Importer is found in ServerContext.capabilities. */
export const IMPORTER_CAPABILITY = capabilityKey<Importer>('importer');

/** The importer as a server extension: `startServer({ extensions: [importerExtension({...})] })`. */
export function importerExtension(
  options: Omit<ImporterOptions, 'store' | 'resources' | 'closing' | 'leader'>,
): ServerExtension {
  let importer: Importer | undefined;
  return {
    name: 'importer',
    register(app, ctx) {
      importer = startImporter({
        ...options,
        store: ctx.store,
        resources: ctx.resources,
        closing: ctx.closing,
        leader: ctx.leader,
        events: options.events ?? createEventRecorder({ store: ctx.store }),
      });
      ctx.capabilities.provide(IMPORTER_CAPABILITY, importer);
      // ImageStreamMappings into a stream under a signature policy pass the imports' check
      ctx.settings.verifyTagMove = tagMoveVerifier({
        policy: options,
        client: importer.registryClient,
        credentialsFor: credentialsOf({ ...options, store: ctx.store }),
        insecureHost: () => ctx.settings.integratedRegistryHost,
        allowList: createRegistryAllowList(options.allowedRegistries),
      });
      const allowList = createRegistryAllowList(options.allowedRegistries);
      // as OpenShift: a tag pointing outside the list is refused when written, not stored to fail
      if (allowList.patterns.length > 0)
        ctx.settings.registryNotAllowed = (registry) => allowList.check(registry)?.message;
      const budget = importer.budget;
      // what `isctl describe` shows of the registry request budgets
      app.get('/registry-budget', async () => {
        const registries = budget.snapshot();
        return { registries, lines: registries.map(formatBudgetLine) };
      });
    },
    async close() {
      await importer?.close();
    },
  };
}
