/** `isctl serve`: runs the API server until SIGINT/SIGTERM, then closes it cleanly. */
import path from 'node:path';
import type { Command } from 'commander';
import { logger } from '../../observability/logger.js';
import {
  SERVE_EXTENSIONS,
  SERVE_FLAGS,
  buildExtensions,
  serveOptions,
  toServeSettings,
  type ServeSettings,
} from './serve-flags.js';

const log = logger('cli');
/** A close that hangs (a stuck watch) must not keep a stopped server alive forever. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function serve(parsed: Record<string, unknown>): Promise<void> {
  const options = toServeSettings(parsed, SERVE_FLAGS) as ServeSettings;
  const { aggregationSettings } = await import('../../server/auth/delegated/serve-flags.js');
  Object.assign(options, aggregationSettings(options));
  options.dataDir = path.resolve(options.dataDir);
  const { setDefaultEgressPolicy } = await import('../../net/egress-policy.js');
  setDefaultEgressPolicy({ allowLinkLocal: options.allowLinkLocalEgress === true });
  const extensions = await buildExtensions(options, SERVE_EXTENSIONS);
  if (extensions.length > 0) options.extensions = [...(options.extensions ?? []), ...extensions];
  // loaded here so that client commands never pay for the server's dependencies
  const { limitHeapGrowth } = await import('../../server/heap-growth.js');
  limitHeapGrowth();
  const { startServer } = await import('../../server/serve.js');
  const server = await startServer(options);
  log.info({ url: server.url, dataDir: options.dataDir }, 'serving the image.openshift.io API');
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function registerServe(program: Command): void {
  const cmd = program.command('serve').description('Run the image stream API server');
  for (const option of serveOptions(SERVE_FLAGS)) cmd.addOption(option);
  cmd.action((opts: Record<string, unknown>) => serve(opts));
}
