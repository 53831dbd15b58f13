/**
 * The SQLite file that `isctl backup` and `isctl restore` work on: `--store sqlite://PATH`, or
 * the default store of `--data-dir` (as `isctl serve` finds it). etcd has its own tool.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../errors.js';

export interface StoreFileFlags {
  store?: string;
  dataDir: string;
}

export function addStoreFileOptions(command: Command): Command {
  return command
    .option('--store <url>', 'the store: sqlite://PATH (default: DATA_DIR/imagestreams.db)')
    .option('--data-dir <dir>', 'the data directory of `isctl serve`', './.imagestreams');
}

/** The path of the SQLite file the flags name. */
export async function storeFilePath(flags: StoreFileFlags, verb: string): Promise<string> {
  const { parseStoreUrl } = await import('../../store/open-store.js');
  const parsed = parseStoreUrl(flags.store ?? 'sqlite', path.resolve(flags.dataDir));
  if (parsed.kind === 'etcd')
    throw new CliError(
      `isctl ${verb} works on SQLite stores; for etcd use \`etcdctl snapshot ${verb === 'backup' ? 'save' : 'restore'}\` (docs/operations.md)`,
    );
  return parsed.path;
}

export function summaryText(s: { id: string | undefined; resourceVersion: number; objects: number }): string {
  return `${s.objects} objects, resourceVersion ${s.resourceVersion}, store id ${s.id ?? '(none recorded)'}`;
}
