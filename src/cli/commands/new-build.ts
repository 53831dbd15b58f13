/**
 * `isctl new-build [GIT_URL | BUILDER~GIT_URL] [--binary] [--strategy docker|source]
 * [--image-stream [NS/]IS[:TAG]] [--to IS[:TAG] | --to-docker --to REPO] [--name N]
 * [--dockerfile TEXT] [--context-dir D] [-e K=V]... [--dry-run] [-o yaml|json]`, as oc new-build:
 * creates the output ImageStream (kept when it exists) and the BuildConfig, and prints what it
 * created. `-o` prints the objects instead of creating them.
 */
import type { Command } from 'commander';
import { ClientStatusError } from '../api-client.js';
import { addClientOptions, withSession, type Session } from '../connection.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { collect } from '../manifest-target.js';
import { planNewBuild, type NewBuildFlags, type NewBuildPlan } from '../new-build/plan.js';
import type { StreamTagRef } from '../new-build/source-args.js';
import { asList, toJson, toYaml } from '../output/print.js';
import { RESOURCES } from '../resources.js';
import { envVars } from './start-build.js';

interface Flags extends ConnectionFlags, Omit<NewBuildFlags, 'env'> {
  env?: string[];
  dryRun?: boolean;
  output?: string;
}

async function exists(s: Session, name: string, namespace: string): Promise<boolean> {
  try {
    await s.client.get(RESOURCES.imagestreams, name, namespace);
    return true;
  } catch (err) {
    if (err instanceof ClientStatusError && err.code === 404) return false;
    throw err;
  }
}

async function checkBuilder(s: Session, builder: StreamTagRef): Promise<void> {
  const stream = builder.name.split(':')[0] ?? '';
  const namespace = builder.namespace ?? s.namespace;
  if (!(await exists(s, stream, namespace)))
    throw new CliError(`unable to locate an image stream named "${stream}" in namespace "${namespace}"`);
}

const QUALIFIED: Record<string, string> = {
  ImageStream: 'imagestream.image.openshift.io',
  BuildConfig: 'buildconfig.build.openshift.io',
};

async function createAll(s: Session, plan: NewBuildPlan, dryRun: boolean): Promise<void> {
  const suffix = dryRun ? ' (dry run)' : '';
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  out(`--> Creating resources with label build=${plan.name} ...${suffix}`);
  for (const o of plan.objects) {
    const what = `    ${QUALIFIED[o.kind] ?? o.kind} "${o.metadata.name}"`;
    if (o.kind === 'ImageStream' && (await exists(s, o.metadata.name, s.namespace))) {
      out(`${what} already exists, used as the output`);
      continue;
    }
    if (!dryRun)
      await s.client.create(
        o.kind === 'ImageStream' ? RESOURCES.imagestreams : RESOURCES.buildconfigs,
        o,
        s.namespace,
      );
    out(`${what} created${suffix}`);
  }
  out(`--> Success${suffix}`);
  if (plan.binary)
    out(`    Use 'isctl start-build ${plan.name} --from-dir=DIR' to upload the source and start a build.`);
  else out(`    Build scheduled, use 'isctl logs -f bc/${plan.name}' to track its progress.`);
}

async function newBuild(args: string[], flags: Flags): Promise<void> {
  if (flags.output !== undefined && flags.output !== 'yaml' && flags.output !== 'json')
    throw new CliError(`-o "${flags.output}": new-build prints yaml or json`);
  const plan = planNewBuild(args, { ...flags, env: envVars(flags.env) });
  await withSession(flags, async (s) => {
    if (plan.builder) await checkBuilder(s, plan.builder);
    if (flags.output === undefined) return createAll(s, plan, flags.dryRun === true);
    const list = asList(plan.objects);
    process.stdout.write(flags.output === 'json' ? toJson(list) : toYaml(list));
  });
}

export function registerNewBuild(program: Command): void {
  const cmd = program
    .command('new-build')
    .description(
      'create a BuildConfig (and its output image stream) from a Git URL, a builder or a binary upload, as oc new-build',
    )
    .argument(
      '[source...]',
      'a Git URL (#REF for a branch or tag), or BUILDER~GIT_URL for the Source strategy',
    )
    .option('--binary', 'the source is uploaded by start-build --from-dir|--from-file|--from-archive')
    .option('--strategy <strategy>', 'docker or source (default: source with a builder image, else docker)')
    .option(
      '-i, --image-stream <is>',
      'the builder image stream tag [NS/]NAME[:TAG] (also the Docker strategy FROM)',
    )
    .option('--to <is>', 'the output image stream tag NAME[:TAG] (default NAME:latest)')
    .option('--to-docker', '--to names an image repository to push to, not an image stream tag')
    .option('--name <name>', 'the BuildConfig name (default: from the Git URL)')
    .option('-D, --dockerfile <text>', 'an inline Dockerfile (the Docker strategy)')
    .option('--context-dir <dir>', 'the directory of the source to build')
    .option('-e, --env <NAME=VALUE>', 'an environment variable of the strategy (repeatable)', collect)
    .option('--dry-run', 'print what would be created, create nothing')
    .option('-o, --output <format>', 'print the objects as yaml or json instead of creating them');
  addClientOptions(cmd).action((args: string[], flags: Flags) => newBuild(args, flags));
}
