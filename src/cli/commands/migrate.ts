/**
 * `isctl migrate --from sqlite://… --to etcd://…`: copies every stored object from one store to
 * another (for moving a single SQLite server onto etcd and several replicas). Safe to run again.
 */
import type { Command } from 'commander';
import { CliError } from '../errors.js';

interface MigrateFlags {
  from: string;
  to: string;
}

async function migrate(flags: MigrateFlags): Promise<void> {
  if (flags.from === flags.to) throw new CliError('--from and --to name the same store');
  // server-side code, loaded only for this command
  const { openStoreUrl } = await import('../../store/open-store.js');
  const { migrateStore } = await import('../../store/migrate.js');
  const { STORED_TYPES } = await import('../../store/resource-types.js');
  const from = await openStoreUrl(flags.from);
  try {
    const to = await openStoreUrl(flags.to);
    try {
      const result = await migrateStore(from, to, [...STORED_TYPES], {
        onProgress: (p) =>
          process.stderr.write(
            `${p.type.resource}${p.type.group ? '.' + p.type.group : ''}: ${p.copied} copied, ${p.skipped} unchanged\n`,
          ),
      });
      for (const c of result.conflicts)
        process.stdout.write(
          `conflict: ${c.type} ${c.namespace ? c.namespace + '/' : ''}${c.name}: ${c.reason}\n`,
        );
      process.stdout.write(
        `${result.copied} objects copied, ${result.skipped} already there, ${result.conflicts.length} conflicts\n`,
      );
      if (result.conflicts.length > 0) process.exitCode = 1;
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Copy every object from one store to another (e.g. SQLite to etcd)')
    .requiredOption('--from <url>', 'source store: sqlite://PATH or etcd://HOST:PORT[,…]')
    .requiredOption('--to <url>', 'target store: sqlite://PATH or etcd://HOST:PORT[,…]')
    .action((flags: MigrateFlags) => migrate(flags));
}
