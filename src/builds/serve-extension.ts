/**
 * Builds as a server extension: serves `buildconfigs` and `builds` (build.openshift.io/v1) on
 * every replica, and runs the build controller only while this replica leads (stepping down
 * aborts the builds in flight without writing their status: the next leader ends them as Error).
 */
import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { createPullCredentials } from '../credentials/index.js';
import { whileLeader, type LeaderGated } from '../controllers/while-leader.js';
import { parseDockerConfig, type CredentialStore } from '../registry/auth/credentials.js';
import { createRegistryClient, type RegistryClient } from '../registry/index.js';
import type { ServerExtension } from '../server/serve.js';
import { connectDocker } from '../triggers/targets/docker/engine.js';
import { startBuildController, type BuildController } from './controller.js';
import { registerBuildLogRoute } from './log-route.js';
import { buildConfigResource, buildResource } from './resources.js';
import { registerInstantiateBinaryRoute } from './binary/route.js';
import { registerWebHookRoutes } from './webhooks/route.js';
import { buildsSettings } from './serve-flags.js';

export interface BuildsOptions {
  /** run builds (default true); false serves the API only */
  enabled?: boolean;
  docker?: Docker;
  dockerHost?: string;
  /** `--registry-credentials`: used only for the namespaces `credentialNamespaces` names */
  credentials?: CredentialStore;
  credentialNamespaces?: readonly string[];
  maxConcurrent?: number;
}

export interface BuildsExtension extends ServerExtension {
  controller(): BuildController | undefined;
}

export function buildsExtension(options: BuildsOptions = {}): BuildsExtension {
  let gated: LeaderGated<BuildController> | undefined;
  let registry: RegistryClient | undefined;
  return {
    name: 'builds',
    register(app, ctx) {
      registerBuildLogRoute(app, ctx);
      registerWebHookRoutes(app, ctx);
      registerInstantiateBinaryRoute(app, ctx);
      ctx.resources.add(buildConfigResource(ctx.store, () => ctx.settings.dockerImageRepositoryHost));
      ctx.resources.add(buildResource(ctx.store));
      if (options.enabled === false) return;
      const docker = options.docker ?? connectDocker(options.dockerHost);
      // no credentials of its own: each build's requests carry its namespace's
      const client = createRegistryClient({});
      registry = client;
      gated = whileLeader(
        ctx.leader,
        () =>
          startBuildController({
            store: ctx.store,
            docker,
            registry: client,
            // each namespace's pull Secrets, then --registry-credentials where allowed: as imports
            credentialsFor: createPullCredentials({
              store: ctx.store,
              serverWide: options.credentials,
              serverWideNamespaces: options.credentialNamespaces,
            }),
            integratedHost: () => ctx.settings.dockerImageRepositoryHost,
            now: () => ctx.now(),
            // the lease may lapse before whileLeader stops the controller: no trigger fires then
            isLeader: () => ctx.leader.isLeader(),
            maxConcurrent: options.maxConcurrent ?? 2,
          }),
        'builds',
      );
    },
    async close() {
      await gated?.stop();
      await registry?.close();
    },
    controller: () => gated?.current(),
  };
}

/** For `isctl serve`: the API always; builds unless --disable-builds. */
export async function buildsExtensionFromSettings(
  settings: Record<string, unknown>,
): Promise<ServerExtension> {
  const s = buildsSettings(settings);
  const options: BuildsOptions = { enabled: s.disableBuilds !== true };
  if (s.dockerHost !== undefined) options.dockerHost = s.dockerHost;
  if (s.maxConcurrentBuilds !== undefined) options.maxConcurrent = s.maxConcurrentBuilds;
  if (s.registryCredentialsFile !== undefined)
    options.credentials = parseDockerConfig(await readFile(s.registryCredentialsFile, 'utf8'));
  if (s.registryCredentialsNamespaces !== undefined)
    options.credentialNamespaces = s.registryCredentialsNamespaces;
  return buildsExtension(options);
}
