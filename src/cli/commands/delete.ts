/** `isctl delete TYPE NAME... | TYPE/NAME... | -f FILE`: prints `imagestream.image.openshift.io "x" deleted`. */
import type { Command } from 'commander';
import { ClientStatusError } from '../api-client.js';
import { addClientOptions, withSession, type Session } from '../connection.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { collect, manifestTarget, readStdin } from '../manifest-target.js';
import { readManifests } from '../manifests.js';
import { reportError } from '../report.js';
import { qualifiedSingular, type ResourceInfo } from '../resources.js';
import { parseTargets } from '../targets.js';

interface DeleteFlags extends ConnectionFlags {
  filename?: string[];
  recursive?: boolean;
  ignoreNotFound?: boolean;
  all?: boolean;
}

interface Deletion {
  resource: ResourceInfo;
  namespace: string | undefined;
  name: string;
}

async function deleteOne(s: Session, d: Deletion, flags: DeleteFlags): Promise<void> {
  try {
    await s.client.delete(d.resource, d.name, d.namespace);
    process.stdout.write(`${qualifiedSingular(d.resource)} "${d.name}" deleted\n`);
  } catch (err) {
    if (flags.ignoreNotFound && err instanceof ClientStatusError && err.code === 404) return;
    reportError(err);
  }
}

async function fromArgs(s: Session, args: string[], flags: DeleteFlags): Promise<Deletion[]> {
  const out: Deletion[] = [];
  for (const t of parseTargets(args)) {
    const namespace = t.resource.namespaced ? s.namespace : undefined;
    let names = t.names;
    if (names.length === 0) {
      if (!flags.all) throw new CliError('resource(s) were provided, but no name was specified');
      names = (await s.client.list(t.resource, namespace ? { namespace } : {})).items.map(
        (o) => o.metadata.name,
      );
    }
    out.push(...names.map((name) => ({ resource: t.resource, namespace, name })));
  }
  return out;
}

async function remove(args: string[], flags: DeleteFlags): Promise<void> {
  if (flags.filename?.length && args.length > 0) {
    throw new CliError(
      "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'isctl get resource/<resource_name>' instead of 'isctl get resource resource/<resource_name>'",
    );
  }
  if (!flags.filename?.length && args.length === 0) {
    throw new CliError('You must provide one or more resources by argument or filename.');
  }
  const manifests = flags.filename?.length
    ? await readManifests(flags.filename, { recursive: flags.recursive ?? false, readStdin, verb: 'delete' })
    : [];
  await withSession(flags, async (s) => {
    const deletions =
      manifests.length > 0 ? manifests.map((m) => manifestTarget(m, s)) : await fromArgs(s, args, flags);
    for (const d of deletions) await deleteOne(s, d, flags);
  });
}

export function registerDelete(program: Command): void {
  const cmd = program
    .command('delete')
    .description('Delete resources by name or from files')
    .argument('[resource...]', 'TYPE NAME... or TYPE/NAME...')
    .option('-f, --filename <file>', 'a file, a directory, or - for stdin (repeatable)', collect)
    .option('-R, --recursive', 'process directories recursively')
    .option('--ignore-not-found', 'treat "not found" as a successful delete')
    .option('--all', 'delete every object of the given types in the namespace');
  addClientOptions(cmd).action((args: string[], flags: DeleteFlags) => remove(args, flags));
}
