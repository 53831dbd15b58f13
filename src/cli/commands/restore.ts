/**
 * `isctl restore FILE`: replaces the SQLite store with a backup, after checking the backup
 * (quick_check, the same store as the identity beside the target) and that no server has the
 * store open. The swap is a rename: the store is the old file or the backup, never half of each.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { addStoreFileOptions, storeFilePath, summaryText, type StoreFileFlags } from './store-file.js';

interface RestoreFlags extends StoreFileFlags {
  force?: boolean;
}

async function restore(file: string, flags: RestoreFlags): Promise<void> {
  const target = await storeFilePath(flags, 'restore');
  const from = path.resolve(file);
  if (from === target) throw new CliError('the backup file is the store file itself');
  const { restoreStoreFile } = await import('../../store/sqlite/sqlite-backup.js');
  try {
    const summary = await restoreStoreFile(from, target, { force: flags.force ?? false });
    process.stdout.write(`restored ${target} from ${from}: ${summaryText(summary)}\n`);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

export function registerRestore(program: Command): void {
  const command = program
    .command('restore')
    .description('Replace the SQLite store with a backup made by `isctl backup` (stop the server first)')
    .argument('<file>', 'the backup file')
    .option('--force', 'restore although the backup is of another store than this one');
  addStoreFileOptions(command).action((file: string, flags: RestoreFlags) => restore(file, flags));
}
