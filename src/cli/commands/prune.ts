/**
 * `isctl prune`: trims tag history with `oc adm prune images`' retention (keep 3 revisions per
 * tag and anything younger than 60 minutes) and deletes Images no stream refers to any more.
 * Without `--confirm` it only reports what it would remove.
 */
import type { Command } from 'commander';
import type { z } from 'zod';
import { parseDurationSetting } from '../../api/duration.js';
import { fieldPath } from '../../api/field-errors.js';
import { ImageSchema } from '../../api/schema/image.js';
import { ImageStreamSchema } from '../../api/schema/image-stream.js';
import type { Image, ImageStream } from '../../api/types.js';
import {
  DEFAULT_PRUNE_POLICY,
  pruneTagHistory,
  unreferencedImages,
  type PrunePolicy,
} from '../../importer/prune-policy.js';
import { resourcePath } from '../api-client.js';
import { addClientOptions, withSession, type Session } from '../connection.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { RESOURCES, type ResourceInfo } from '../resources.js';

interface Flags extends ConnectionFlags {
  keepTagRevisions: string;
  keepYoungerThan: string;
  confirm?: boolean;
}

function keepYoungerThanMs(text: string): number {
  try {
    return parseDurationSetting(text, '--keep-younger-than');
  } catch (e) {
    throw new CliError((e as Error).message);
  }
}

function policyOf(flags: Flags): PrunePolicy {
  const keep = Number(flags.keepTagRevisions);
  if (!Number.isInteger(keep) || keep < 0)
    throw new CliError('--keep-tag-revisions must be a non-negative integer');
  return { keepTagRevisions: keep, keepYoungerThanMs: keepYoungerThanMs(flags.keepYoungerThan) };
}

/**
 * Every item of a list, read with the API's schema: prune writes streams back and deletes images
 * by what it reads, so an item it cannot read stops it, naming the field, before it acts on the list.
 */
async function listOf<S extends z.ZodType>(s: Session, r: ResourceInfo, schema: S): Promise<z.output<S>[]> {
  const { items } = await s.client.list(r);
  return items.map((item, i) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const field = fieldPath(['items', i, ...(issue?.path ?? [])]);
    throw new CliError(
      `the server sent a ${r.kind} this client cannot read (${item.metadata.name}): ${field}: ${issue?.message ?? 'invalid'}`,
    );
  });
}

async function pruneStreams(
  s: Session,
  streams: ImageStream[],
  policy: PrunePolicy,
  confirm: boolean,
  now: Date,
): Promise<ImageStream[]> {
  const after: ImageStream[] = [];
  for (const stream of streams) {
    const { stream: pruned, removed } = pruneTagHistory(stream, policy, now);
    after.push(pruned);
    if (removed.length === 0) continue;
    const ns = stream.metadata.namespace ?? '';
    for (const r of removed)
      process.stdout.write(`${ns}/${stream.metadata.name}:${r.tag}\t${r.event.image}\n`);
    if (confirm) {
      const path = `${resourcePath(RESOURCES.imagestreams, ns, stream.metadata.name)}/status`;
      await s.client.request('PUT', path, { body: pruned });
    }
  }
  return after;
}

async function prune(flags: Flags): Promise<void> {
  const policy = policyOf(flags);
  const confirm = flags.confirm === true;
  const now = new Date();
  await withSession(flags, async (s) => {
    if (!confirm)
      process.stdout.write(
        'Dry run enabled - no modifications will be made. Add --confirm to remove images\n\n',
      );
    const streams = await listOf(s, RESOURCES.imagestreams, ImageStreamSchema);
    process.stdout.write('Deleting istags from history (namespace/stream:tag, image) ...\n');
    const after = await pruneStreams(s, streams, policy, confirm, now);
    const images: Image[] = await listOf(s, RESOURCES.images, ImageSchema);
    const unused = unreferencedImages(images, after, policy, now);
    process.stdout.write('\nDeleting images from server ...\nIMAGE\n');
    for (const img of unused) {
      process.stdout.write(`${img.metadata.name}\n`);
      if (confirm) await s.client.delete(RESOURCES.images, img.metadata.name);
    }
  });
}

export function registerPrune(program: Command): void {
  const cmd = program
    .command('prune')
    .description('Remove old tag history and unreferenced images (as oc adm prune images)')
    .option(
      '--keep-tag-revisions <n>',
      'revisions to keep per tag',
      String(DEFAULT_PRUNE_POLICY.keepTagRevisions),
    )
    .option('--keep-younger-than <duration>', 'keep history and images younger than this', '60m')
    .option('--confirm', 'really remove (otherwise a dry run)');
  addClientOptions(cmd).action((flags: Flags) => prune(flags));
}
