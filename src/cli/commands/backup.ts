/** `isctl backup FILE`: an online copy of the SQLite store (safe while the server runs). */
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { addStoreFileOptions, storeFilePath, summaryText, type StoreFileFlags } from './store-file.js';

async function backup(file: string, flags: StoreFileFlags): Promise<void> {
  const from = await storeFilePath(flags, 'backup');
  const to = path.resolve(file);
  if (to === from) throw new CliError('the backup file is the store file itself');
  const { backupStoreFile } = await import('../../store/sqlite/sqlite-backup.js');
  try {
    const summary = await backupStoreFile(from, to);
    process.stdout.write(`backed up ${from} to ${to}: ${summaryText(summary)}\n`);
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}

export function registerBackup(program: Command): void {
  const command = program
    .command('backup')
    .description('Copy the SQLite store to FILE while the server runs (restore with `isctl restore FILE`)')
    .argument('<file>', 'where to write the backup (replaced atomically)');
  addStoreFileOptions(command).action((file: string, flags: StoreFileFlags) => backup(file, flags));
}
