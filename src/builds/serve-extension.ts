/**
 * Builds as a server extension: serves `buildconfigs` and `builds` (build.openshift.io/v1) on
 * every replica.
 */
import type { ServerExtension } from '../server/serve.js';
import { buildConfigResource, buildResource } from './resources.js';

export function buildsExtension(): ServerExtension {
  return {
    name: 'builds',
    register(_app, ctx) {
      ctx.resources.add(buildConfigResource(ctx.store));
      ctx.resources.add(buildResource(ctx.store));
    },
    close: () => Promise.resolve(),
  };
}

/** For `isctl serve`: always on (a server without BuildConfigs builds nothing). */
export function buildsExtensionFromSettings(): Promise<ServerExtension> {
  return Promise.resolve(buildsExtension());
}
