/** `isctl logs build/NAME [-f]` and `isctl logs bc/NAME [-f]` (the latest build), as `oc logs`. */
import type { Command } from 'commander';
import { streamLog } from '../build-client.js';
import { addClientOptions, withSession } from '../connection.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { RESOURCES } from '../resources.js';

interface LogsFlags extends ConnectionFlags {
  follow?: boolean;
}

async function logs(target: string, flags: LogsFlags): Promise<void> {
  const slash = target.indexOf('/');
  const kind = slash < 0 ? '' : target.slice(0, slash).toLowerCase();
  const name = target.slice(slash + 1);
  await withSession(flags, async (s) => {
    if (['build', 'builds', 'build.build.openshift.io'].includes(kind))
      return streamLog(s, name, flags.follow === true);
    if (['bc', 'buildconfig', 'buildconfigs'].includes(kind)) {
      const bc = await s.client.get(RESOURCES.buildconfigs, name, s.namespace);
      const last = (bc.status as { lastVersion?: number } | undefined)?.lastVersion ?? 0;
      if (last === 0) throw new CliError(`no builds found for buildconfig "${name}"`);
      return streamLog(s, `${name}-${last}`, flags.follow === true);
    }
    throw new CliError(`logs: expected build/NAME or bc/NAME, got "${target}"`);
  });
}

export function registerLogs(program: Command): void {
  const cmd = program
    .command('logs')
    .description('print the log of a build (build/NAME) or of the latest build of a BuildConfig (bc/NAME)')
    .argument('<target>', 'build/NAME or bc/NAME')
    .option('-f, --follow', 'stream the log until the build ends');
  addClientOptions(cmd).action((target: string, flags: LogsFlags) => logs(target, flags));
}
