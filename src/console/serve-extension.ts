/**
 * The web console as a server extension: `isctl serve` serves it at /console/ unless
 * --disable-console. The console is a static app that talks to this server's public API with
 * the user's own credentials, so it needs no server-side state and no privileges of its own.
 */
import { consoleSettings } from './serve-flags.js';
import { logger } from '../observability/logger.js';
import type { ServerExtension } from '../server/serve.js';
import { defaultConsoleDir } from './console-dir.js';
import { registerConsoleRoutes } from './static-routes.js';

export interface ConsoleOptions {
  /** the built app (default: the package's dist/console) */
  dir?: string;
}

export function consoleExtension(options: ConsoleOptions = {}): ServerExtension {
  return {
    name: 'console',
    async register(app) {
      const dir = options.dir ?? defaultConsoleDir();
      const built = await registerConsoleRoutes(app, dir);
      if (!built) logger('console').warn({ dir }, 'the web console is not built: /console/ answers 503');
    },
  };
}

/** For `isctl serve`: on unless --disable-console. */
export async function consoleExtensionFromSettings(
  settings: Record<string, unknown>,
): Promise<ServerExtension | undefined> {
  if (consoleSettings(settings).disableConsole === true) return undefined;
  return consoleExtension();
}
