/**
 * `isctl serve --with-registry` as a server extension: runs the integrated registry, receives its
 * push notifications, and makes every stream's `status.dockerImageRepository` point into it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import { logger } from '../observability/logger.js';
import { IMPORTER_CAPABILITY } from '../importer/index.js';
import { streamAnnotationsPolicy } from './push-signatures.js';
import { createEventRecorder } from '../notifications/outbound/event-recorder.js';
import { createRegistryClient, type RegistryClient } from '../registry/index.js';
import type { ServerExtension } from '../server/serve.js';
import type { ServerContext } from '../server/server-context.js';
import { resolveRegistryAddress } from './addresses.js';
import type { IntegratedRegistryPushEvent } from './events.js';
import {
  handleIntegratedRegistryPush,
  type IntegratedRegistryContext,
  type PushOutcome,
} from './push-handler.js';
import { startReceiver, type Receiver } from './receiver.js';
import {
  DISTRIBUTION_NOTIFICATIONS_PATH,
  registryConfig,
  type NotificationTarget,
} from './registry-config.js';
import { RegistryProcess } from './registry-process.js';
import {
  DEFAULT_REGISTRY_BINARY,
  DEFAULT_RESTART_POLICY,
  integratedRegistrySettingsFrom,
  registryDir,
  type IntegratedRegistrySettings,
} from './settings.js';
import { DEFAULT_REGISTRY_LISTEN } from './serve-flags.js';
import { generateToken } from './token.js';

const log = logger('integrated-registry');
export const READINESS_CHECK = 'integrated-registry';

export interface IntegratedRegistryExtension extends ServerExtension {
  /** host:port of the registry (image references name it); undefined before register */
  registryHost(): string | undefined;
  /** the registry's process, e.g. to read its pid */
  registryProcess(): RegistryProcess | undefined;
  /** what the notification receiver calls per push; for other parts dispatching integrated-registry events */
  handlePush(event: IntegratedRegistryPushEvent): Promise<PushOutcome>;
}

interface Running {
  host: string;
  client: RegistryClient;
  receiver?: Receiver;
  process?: RegistryProcess;
  pushContext: IntegratedRegistryContext;
}

function notifyTargets(
  settings: IntegratedRegistrySettings,
  receiver: Receiver,
  token: string,
): NotificationTarget[] {
  const targets: NotificationTarget[] = [{ name: 'integrated-registry', url: receiver.url, token }];
  if (settings.notificationsToken && !settings.serverUrl) {
    log.warn(
      {},
      'the integrated registry does not notify /notifications/distribution: the server listens on HTTPS or on port 0',
    );
  }
  if (settings.notificationsToken && settings.serverUrl) {
    targets.push({
      name: 'imagestreams-distribution',
      url: `${settings.serverUrl}${DISTRIBUTION_NOTIFICATIONS_PATH}`,
      token: settings.notificationsToken,
    });
  }
  return targets;
}

async function writeRegistryConfig(
  settings: IntegratedRegistrySettings,
  addr: string,
  notify: NotificationTarget[],
): Promise<string> {
  const dir = registryDir(settings.dataDir);
  await mkdir(path.join(dir, 'storage'), { recursive: true });
  const configPath = path.join(dir, 'config.yml');
  const config = registryConfig({
    addr,
    storageDir: path.join(dir, 'storage'),
    httpSecret: generateToken(),
    notify,
  });
  // it holds the notification tokens
  await writeFile(configPath, stringify(config), { mode: 0o600 });
  return configPath;
}

function useRegistryHost(ctx: ServerContext, host: string): void {
  const before = ctx.settings.dockerImageRepositoryHost;
  if (before && before !== host)
    log.warn({ before, host }, 'dockerImageRepositoryHost replaced by the integrated registry');
  ctx.settings.dockerImageRepositoryHost = host;
  ctx.settings.integratedRegistryHost = host;
}

async function start(
  settings: IntegratedRegistrySettings,
  ctx: ServerContext,
  running: Partial<Running>,
): Promise<void> {
  const { addr, host } = await resolveRegistryAddress(settings.listen ?? DEFAULT_REGISTRY_LISTEN);
  running.host = host;
  running.client = createRegistryClient({
    // loopback: the registry answers 500 for a moment while it rewrites a link file it just notified about
    retry: { maxAttempts: 6, baseDelayMs: 20, maxDelayMs: 500 },
  });
  const importer = ctx.capabilities.get(IMPORTER_CAPABILITY);
  const pushContext: IntegratedRegistryContext = {
    store: ctx.store,
    registryHost: host,
    client: running.client,
    log,
    // the importer's signature settings; without it the streams' own annotations still apply
    signatures: importer
      ? {
          checkFor: (namespace, stream) => importer.signatureCheckFor(namespace, stream),
          ...(importer.events ? { events: importer.events } : {}),
        }
      : streamAnnotationsPolicy(createEventRecorder({ store: ctx.store })),
  };
  running.pushContext = pushContext;
  const token = generateToken();
  running.receiver = await startReceiver({
    token,
    onPush: (e) => handleIntegratedRegistryPush(pushContext, e),
  });
  const configPath = await writeRegistryConfig(
    settings,
    addr,
    notifyTargets(settings, running.receiver, token),
  );
  running.process = new RegistryProcess({
    binary: settings.binary ?? DEFAULT_REGISTRY_BINARY,
    configPath,
    url: `http://${host}`,
    restart: { ...DEFAULT_RESTART_POLICY, ...settings.restart },
    startTimeoutMs: settings.startTimeoutMs ?? 15_000,
  });
  await running.process.start();
  useRegistryHost(ctx, host);
  const proc = running.process;
  ctx.readiness.add(READINESS_CHECK, () => proc.check());
  log.info(
    { host, storage: path.join(registryDir(settings.dataDir), 'storage') },
    'integrated registry serving',
  );
}

export function integratedRegistryExtension(
  settings: IntegratedRegistrySettings,
): IntegratedRegistryExtension {
  const running: Partial<Running> = {};
  return {
    name: 'integrated-registry',
    register: (_app, ctx) => start(settings, ctx, running),
    async close() {
      await running.process?.stop();
      await running.receiver?.close();
      await running.client?.close();
    },
    registryHost: () => running.host,
    registryProcess: () => running.process,
    handlePush(event) {
      if (!running.pushContext) throw new Error('the integrated registry extension is not registered yet');
      return handleIntegratedRegistryPush(running.pushContext, event);
    },
  };
}

/** For SERVE_EXTENSIONS: the extension when `--with-registry` is on. */
export async function integratedRegistryExtensionFromSettings(
  settings: Record<string, unknown>,
): Promise<ServerExtension | undefined> {
  const resolved = integratedRegistrySettingsFrom(settings);
  return resolved ? integratedRegistryExtension(resolved) : undefined;
}
