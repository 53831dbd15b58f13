/**
 * The Docker target as a server extension: serves `rollouts` and `triggerstates`, and runs the
 * trigger controller while this replica leads and the Docker engine answers. It says in the log
 * and in `/readyz?verbose` whether the target is active (`[+]docker-target ok`, failing when the
 * engine stops answering) or not (`[+]docker-target-inactive ok` / `[+]docker-target-standby ok`:
 * the server itself is fine without Docker); an engine that comes up later is picked up.
 */
import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { createPullCredentials } from '../../credentials/index.js';
import { systemClock } from '../../controllers/clock.js';
import { createEventRecorder } from '../../notifications/index.js';
import { whileLeader, type LeaderGated, type Stoppable } from '../../controllers/while-leader.js';
import { logger } from '../../observability/logger.js';
import { parseDockerConfig, type CredentialStore } from '../../registry/index.js';
import type { ServerContext } from '../../server/server-context.js';
import type { ServerExtension } from '../../server/serve.js';
import { createRolloutStore } from '../rollout-store.js';
import { connectDocker, pingDocker } from '../targets/docker/index.js';
import {
  startDockerTriggerController,
  type DockerTriggerController,
  type DockerTriggerControllerOptions,
} from './docker-trigger-controller.js';
import { rolloutResources } from './rollout-resources.js';
import { dockerTargetSettings } from './serve-flags.js';

const log = logger('triggers.controller');

export const READY_CHECK_ACTIVE = 'docker-target';
export const READY_CHECK_INACTIVE = 'docker-target-inactive';
export const READY_CHECK_STANDBY = 'docker-target-standby';

export interface DockerTargetOptions extends Omit<
  DockerTriggerControllerOptions,
  'docker' | 'store' | 'rollouts' | 'dockerImageRepositoryHost' | 'credentialsFor' | 'events'
> {
  /** `--registry-credentials`: used only for the namespaces `credentialNamespaces` names */
  credentials?: CredentialStore;
  /** `--registry-credentials-namespaces` (`*`: every namespace); default none */
  credentialNamespaces?: readonly string[];
  /** `unix:///path` or `tcp://host:port`; default DOCKER_HOST, then the default socket. */
  dockerHost?: string;
  /** Serve the resources but never touch Docker. */
  disabled?: boolean;
  /** How often to look for an engine that did not answer at start (default 30 s). */
  connectRetryMs?: number;
}

export type DockerTargetState = 'disabled' | 'standby' | 'inactive' | 'starting' | 'active';

export interface DockerTargetExtension extends ServerExtension {
  state(): DockerTargetState;
  /** Why the target is not active, when it is not. */
  reason(): string | undefined;
  controller(): DockerTriggerController | undefined;
}

/** Which readiness check is shown: the active one probes the engine; the others always pass. */
function showCheck(ctx: ServerContext, name: string, check: () => Promise<void> | void): void {
  for (const n of [READY_CHECK_ACTIVE, READY_CHECK_INACTIVE, READY_CHECK_STANDBY]) ctx.readiness.remove(n);
  ctx.readiness.add(name, check);
}

export function dockerTargetExtension(options: DockerTargetOptions = {}): DockerTargetExtension {
  let state: DockerTargetState = options.disabled ? 'disabled' : 'standby';
  let reason: string | undefined = options.disabled
    ? 'disabled by --disable-docker-target'
    : 'not the leader';
  let controller: DockerTriggerController | undefined;
  let gated: LeaderGated<Stoppable> | undefined;
  let closed = false;

  const setInactive = (ctx: ServerContext, why: string) => {
    if (state !== 'inactive' || reason !== why) log.warn({ reason: why }, 'Docker target inactive');
    state = 'inactive';
    reason = why;
    showCheck(ctx, READY_CHECK_INACTIVE, () => undefined);
  };

  /** false when the controller could not start (the engine failed mid-way): tried again later. */
  const start = async (ctx: ServerContext, docker: Docker): Promise<boolean> => {
    state = 'starting';
    reason = undefined;
    showCheck(ctx, READY_CHECK_ACTIVE, async () => {
      if (state !== 'active') throw new Error(`Docker target ${state}`);
      const p = await pingDocker(docker);
      if (!p.ok) throw new Error(p.reason);
    });
    const events = createEventRecorder({ store: ctx.store });
    const rollouts = createRolloutStore({ store: ctx.store, events });
    const {
      dockerHost: _h,
      disabled: _d,
      connectRetryMs: _r,
      credentials,
      credentialNamespaces,
      ...controllerOptions
    } = options;
    try {
      controller = await startDockerTriggerController({
        ...controllerOptions,
        docker,
        store: ctx.store,
        rollouts,
        events,
        // each namespace's pull Secrets, then --registry-credentials where allowed: as the importer
        credentialsFor: createPullCredentials({
          store: ctx.store,
          serverWide: credentials,
          serverWideNamespaces: credentialNamespaces,
        }),
        dockerImageRepositoryHost: () => ctx.settings.dockerImageRepositoryHost,
        isLeader: () => ctx.leader.isLeader(),
      });
      state = 'active';
      const host = options.dockerHost ?? process.env.DOCKER_HOST ?? 'default socket';
      log.info({ dockerHost: host }, 'Docker target active');
      return true;
    } catch (err) {
      setInactive(
        ctx,
        `the trigger controller could not start: ${err instanceof Error ? err.message : String(err)}`,
      );
      return false;
    }
  };

  /**
   * While leading: start the controller once the engine answers, looking again every
   * `connectRetryMs`; stopping waits for an attempt under way, then stops the controller.
   */
  const lead = async (ctx: ServerContext): Promise<Stoppable> => {
    let leading = true;
    let cancelRetry: (() => void) | undefined;
    let attempt: Promise<void> = Promise.resolve();
    const activate = async (): Promise<void> => {
      const docker = connectDocker(options.dockerHost);
      const ping = await pingDocker(docker);
      // closed or deposed while the engine answered: start nothing (stop() follows)
      if (!leading || closed || !ctx.leader.isLeader()) return;
      if (ping.ok && (await start(ctx, docker))) return;
      if (!ping.ok) setInactive(ctx, ping.reason);
      // on the controller's clock (options.clock), as its other timers
      cancelRetry = (options.clock ?? systemClock).schedule(() => {
        attempt = attempt
          .then(activate)
          .catch((err: unknown) => log.error({ err }, 'Docker target start failed'));
      }, options.connectRetryMs ?? 30_000);
    };
    attempt = activate();
    await attempt;
    return {
      async stop() {
        leading = false;
        cancelRetry?.();
        await attempt;
        const running = controller;
        controller = undefined;
        await running?.stop();
        if (closed) return;
        state = 'standby';
        reason = 'not the leader';
        showCheck(ctx, READY_CHECK_STANDBY, () => undefined);
      },
    };
  };

  return {
    name: 'docker-target',
    async register(_app, ctx) {
      for (const def of rolloutResources(ctx.store)) ctx.resources.add(def);
      if (state === 'disabled') {
        showCheck(ctx, READY_CHECK_INACTIVE, () => undefined);
        log.info({ reason }, 'Docker target inactive');
        return;
      }
      showCheck(ctx, READY_CHECK_STANDBY, () => undefined);
      // Only the leader rolls containers (several replicas may share one engine). Started in
      // the background: crash recovery may take a while and the API serves meanwhile.
      gated = whileLeader(ctx.leader, () => lead(ctx), 'docker-target');
    },
    async close() {
      closed = true;
      await gated?.stop();
    },
    state: () => state,
    reason: () => reason,
    controller: () => controller,
  };
}

/**
 * From `isctl serve` settings (see serve-flags.ts); the importer's `--registry-credentials` and
 * `--registry-credentials-namespaces` are shared.
 */
export async function dockerTargetExtensionFromSettings(
  settings: Record<string, unknown>,
): Promise<ServerExtension | undefined> {
  return dockerTargetExtension(await dockerTargetOptionsFromSettings(settings));
}

export async function dockerTargetOptionsFromSettings(
  settings: Record<string, unknown>,
): Promise<DockerTargetOptions> {
  const s = dockerTargetSettings(settings);
  const options: DockerTargetOptions = {};
  if (s.dockerHost !== undefined) options.dockerHost = s.dockerHost;
  if (s.disableDockerTarget === true) options.disabled = true;
  if (s.rolloutHealthTimeoutMs !== undefined) options.healthTimeoutMs = s.rolloutHealthTimeoutMs;
  if (s.registryCredentialsFile !== undefined)
    options.credentials = parseDockerConfig(await readFile(s.registryCredentialsFile, 'utf8'));
  if (s.registryCredentialsNamespaces !== undefined)
    options.credentialNamespaces = s.registryCredentialsNamespaces;
  return options;
}
