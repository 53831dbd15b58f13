/**
 * `isctl cancel-build NAME...`, as `oc cancel-build`: sets status.cancelled on each build (the
 * build controller stops it) and waits until it has ended.
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { phaseOf, waitForBuild } from '../build-client.js';
import { addClientOptions, withSession } from '../connection.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { RESOURCES } from '../resources.js';

const FINAL = ['Complete', 'Failed', 'Error', 'Cancelled'];

async function cancel(names: string[], flags: ConnectionFlags): Promise<void> {
  await withSession(flags, async (s) => {
    for (const name of names.map((n) => n.replace(/^(builds?|build\.build\.openshift\.io)\//, ''))) {
      const build = await s.client.get(RESOURCES.builds, name, s.namespace);
      if (FINAL.includes(phaseOf(build))) {
        process.stdout.write(`build.build.openshift.io/${name} already ${phaseOf(build).toLowerCase()}\n`);
        continue;
      }
      const next: KubeObject = { ...build, status: { ...(build.status as object), cancelled: true } };
      await s.client.update(RESOURCES.builds, name, next, s.namespace);
      const phase = phaseOf(await waitForBuild(s, name, 60_000));
      process.stdout.write(
        `build.build.openshift.io/${name} ${phase === 'Cancelled' ? 'cancelled' : phase.toLowerCase()}\n`,
      );
    }
  });
}

export function registerCancelBuild(program: Command): void {
  const cmd = program
    .command('cancel-build')
    .description('cancel running or queued builds')
    .argument('<names...>', 'builds (NAME or build/NAME)');
  addClientOptions(cmd).action((names: string[], flags: ConnectionFlags) => cancel(names, flags));
}
