/** `isctl create -f`: creates each object; an existing one is an error, as in kubectl. */
import type { Command } from 'commander';
import { normalizeManifest } from '../apply-plan.js';
import { addClientOptions, withSession } from '../connection.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { collect, manifestTarget, readStdin, withContext } from '../manifest-target.js';
import { readManifests } from '../manifests.js';
import { objectName } from '../output/print.js';
import { reportError } from '../report.js';

interface CreateFlags extends ConnectionFlags {
  filename?: string[];
  recursive?: boolean;
}

async function create(flags: CreateFlags): Promise<void> {
  if (!flags.filename?.length)
    throw new CliError('must specify -f FILENAME (a file, a directory, or - for stdin)');
  const manifests = await readManifests(flags.filename, {
    recursive: flags.recursive ?? false,
    readStdin,
    verb: 'create',
  });
  await withSession(flags, async (s) => {
    for (const m of manifests) {
      try {
        const t = manifestTarget(m, s);
        const body = normalizeManifest(m.object, t.resource, t.namespace);
        const created = await s.client
          .create(t.resource, body, t.namespace)
          .catch((err: unknown) => Promise.reject(withContext(err, `error when creating "${m.source}"`)));
        process.stdout.write(`${objectName(t.resource, created.metadata.name)} created\n`);
      } catch (err) {
        reportError(err);
      }
    }
  });
}

export function registerCreate(program: Command): void {
  const cmd = program
    .command('create')
    .description('Create resources from files or stdin')
    .option('-f, --filename <file>', 'a file, a directory, or - for stdin (repeatable)', collect)
    .option('-R, --recursive', 'process directories recursively');
  addClientOptions(cmd).action((flags: CreateFlags) => create(flags));
}
