/**
 * `isctl apply -f`: creates what does not exist, updates what differs (PUT with the live
 * resourceVersion, re-read and retried on a 409), and says so as kubectl does.
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { ClientStatusError } from '../api-client.js';
import { normalizeManifest, planApply, type ApplyAction } from '../apply-plan.js';
import { addClientOptions, withSession, type Session } from '../connection.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { manifestTarget, withContext, readStdin, collect, type ManifestTarget } from '../manifest-target.js';
import { readManifests, type Manifest } from '../manifests.js';
import { objectName } from '../output/print.js';
import { reportError } from '../report.js';

interface ApplyFlags extends ConnectionFlags {
  filename?: string[];
  recursive?: boolean;
}

const MAX_ATTEMPTS = 5;
const DONE: Record<ApplyAction, string> = { create: 'created', update: 'configured', unchanged: 'unchanged' };

async function getLive(s: Session, t: ManifestTarget): Promise<KubeObject | undefined> {
  try {
    return await s.client.get(t.resource, t.name, t.namespace);
  } catch (err) {
    if (err instanceof ClientStatusError && err.code === 404) return undefined;
    throw withContext(err, `error when retrieving current configuration of "${t.name}"`);
  }
}

/** Conflicts (someone wrote in between, or created it first) are retried from a fresh read. */
function isRetryable(err: unknown): boolean {
  return err instanceof ClientStatusError && err.code === 409;
}

async function applyOne(s: Session, m: Manifest): Promise<ApplyAction> {
  const t = manifestTarget(m, s);
  const manifest = normalizeManifest(m.object, t.resource, t.namespace);
  for (let attempt = 1; ; attempt++) {
    const plan = planApply(manifest, await getLive(s, t));
    try {
      if (plan.action === 'create') await s.client.create(t.resource, plan.body, t.namespace);
      if (plan.action === 'update') await s.client.update(t.resource, t.name, plan.body, t.namespace);
      return plan.action;
    } catch (err) {
      if (isRetryable(err) && attempt < MAX_ATTEMPTS) continue;
      const verb = plan.action === 'create' ? 'creating' : 'applying';
      throw withContext(err, `error when ${verb} "${m.source}"`);
    }
  }
}

async function apply(flags: ApplyFlags): Promise<void> {
  if (!flags.filename?.length)
    throw new CliError('must specify -f FILENAME (a file, a directory, or - for stdin)');
  const manifests = await readManifests(flags.filename, {
    recursive: flags.recursive ?? false,
    readStdin,
    verb: 'apply',
  });
  await withSession(flags, async (s) => {
    for (const m of manifests) {
      try {
        const action = await applyOne(s, m);
        const t = manifestTarget(m, s);
        process.stdout.write(`${objectName(t.resource, t.name)} ${DONE[action]}\n`);
      } catch (err) {
        reportError(err);
      }
    }
  });
}

export function registerApply(program: Command): void {
  const cmd = program
    .command('apply')
    .description('Create or update resources from files or stdin')
    .option('-f, --filename <file>', 'a file, a directory, or - for stdin (repeatable)', collect)
    .option('-R, --recursive', 'process directories recursively');
  addClientOptions(cmd).action((flags: ApplyFlags) => apply(flags));
}
