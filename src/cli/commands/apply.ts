/**
 * `isctl apply -f`, as `kubectl apply`: creates what does not exist (a create that loses a race
 * is retried from a fresh read), sends the three-way strategic merge patch of last-applied,
 * manifest and live object to what exists (no resourceVersion: a patch does not conflict), and
 * reports created / configured / unchanged. `--server-side` sends the manifest as a server-side
 * apply (`application/apply-patch+yaml`) under `--field-manager`, `--force-conflicts` to take
 * fields other managers own.
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
  serverSide?: boolean;
  fieldManager: string;
  forceConflicts?: boolean;
}

type Outcome = ApplyAction | 'serverside-applied';

const MAX_ATTEMPTS = 5;
const DONE: Record<Outcome, string> = {
  create: 'created',
  patch: 'configured',
  unchanged: 'unchanged',
  'serverside-applied': 'serverside-applied',
};

async function getLive(s: Session, t: ManifestTarget): Promise<KubeObject | undefined> {
  try {
    return await s.client.get(t.resource, t.name, t.namespace);
  } catch (err) {
    if (err instanceof ClientStatusError && err.code === 404) return undefined;
    throw withContext(err, `error when retrieving current configuration of "${t.name}"`);
  }
}

/** Someone created it first (409 AlreadyExists) or deleted it in between (404): read again. */
function isRetryable(err: unknown, action: ApplyAction): boolean {
  if (!(err instanceof ClientStatusError)) return false;
  return (action === 'create' && err.code === 409) || (action === 'patch' && err.code === 404);
}

async function clientSideApply(s: Session, m: Manifest, t: ManifestTarget): Promise<ApplyAction> {
  const manifest = normalizeManifest(m.object, t.resource, t.namespace);
  for (let attempt = 1; ; attempt++) {
    const plan = planApply(manifest, await getLive(s, t), t.resource);
    try {
      if (plan.action === 'create') await s.client.create(t.resource, plan.body, t.namespace);
      if (plan.action === 'patch') {
        await s.client.patch(t.resource, t.name, plan.patch, 'strategic', t.namespace);
      }
      return plan.action;
    } catch (err) {
      if (isRetryable(err, plan.action) && attempt < MAX_ATTEMPTS) continue;
      const verb = plan.action === 'create' ? 'creating' : 'applying patch to';
      throw withContext(err, `error when ${verb} "${m.source}"`);
    }
  }
}

async function serverSideApply(
  s: Session,
  m: Manifest,
  t: ManifestTarget,
  flags: ApplyFlags,
): Promise<Outcome> {
  const manifest = normalizeManifest(m.object, t.resource, t.namespace);
  try {
    await s.client.serverSideApply(t.resource, t.name, manifest, {
      fieldManager: flags.fieldManager,
      force: flags.forceConflicts ?? false,
      ...(t.namespace === undefined ? {} : { namespace: t.namespace }),
    });
    return 'serverside-applied';
  } catch (err) {
    throw withContext(err, `error when applying "${m.source}"`);
  }
}

async function apply(flags: ApplyFlags): Promise<void> {
  if (!flags.filename?.length)
    throw new CliError('must specify -f FILENAME (a file, a directory, or - for stdin)');
  if (flags.forceConflicts && !flags.serverSide)
    throw new CliError('--force-conflicts only works with --server-side');
  const manifests = await readManifests(flags.filename, {
    recursive: flags.recursive ?? false,
    readStdin,
    verb: 'apply',
  });
  await withSession(flags, async (s) => {
    for (const m of manifests) {
      try {
        const t = manifestTarget(m, s);
        const outcome = flags.serverSide
          ? await serverSideApply(s, m, t, flags)
          : await clientSideApply(s, m, t);
        process.stdout.write(`${objectName(t.resource, t.name)} ${DONE[outcome]}\n`);
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
    .option('-R, --recursive', 'process directories recursively')
    .option(
      '--server-side',
      'apply on the server (application/apply-patch+yaml) instead of a three-way patch',
    )
    .option(
      '--field-manager <name>',
      'the manager that owns the applied fields (with --server-side)',
      'isctl',
    )
    .option('--force-conflicts', 'take fields other managers own instead of failing (with --server-side)');
  addClientOptions(cmd).action((flags: ApplyFlags) => apply(flags));
}
