/**
 * `isctl start-build NAME [--env K=V]... [--from-dir D|--from-file F|--from-archive A] [--follow]
 * [--wait]`, as `oc start-build`: instantiates the BuildConfig (`instantiatebinary` with an upload)
 * and prints `build.build.openshift.io/NAME-N started`; --follow streams the log,
 * --wait exits non-zero unless the build completes. `--from-build BUILD` clones that build
 * (`builds/BUILD/clone`): the same source revision and builder image.
 */
import type { Command } from 'commander';
import { buildStartedMessage, manualBuildRequest } from '../../builds/build-request.js';
import { binaryUpload, type BinaryFlags } from '../binary-source.js';
import { buildsPath, phaseOf, streamLog, waitForBuild } from '../build-client.js';
import { addClientOptions, withSession } from '../connection.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { collect } from '../manifest-target.js';

interface StartFlags extends ConnectionFlags, BinaryFlags {
  env?: string[];
  fromBuild?: string;
  follow?: boolean;
  wait?: boolean;
}

export function envVars(list: string[] = []): { name: string; value: string }[] {
  return list.map((kv) => {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new CliError(`--env ${kv}: expected NAME=VALUE`);
    return { name: kv.slice(0, eq), value: kv.slice(eq + 1) };
  });
}

/** the BuildConfig, or the build --from-build clones; oc's messages when neither or both are given */
function subject(name: string | undefined, flags: StartFlags): { path: string; name: string } {
  if (name && flags.fromBuild)
    throw new CliError('specify either a BuildConfig name or --from-build, not both');
  if (flags.fromBuild) {
    if (flags.fromDir || flags.fromFile || flags.fromArchive)
      throw new CliError('--from-build cannot be used with --from-dir, --from-file or --from-archive');
    return { path: `builds/${encodeURIComponent(flags.fromBuild)}/clone`, name: flags.fromBuild };
  }
  if (!name)
    throw new CliError("Must pass a name of a build config or specify build name with '--from-build' flag.");
  return { path: `buildconfigs/${encodeURIComponent(name)}/instantiate`, name };
}

async function start(name: string | undefined, flags: StartFlags): Promise<void> {
  const env = envVars(flags.env);
  const target = subject(name, flags);
  const upload = await binaryUpload(flags);
  if (upload && env.length > 0) throw new CliError('--env cannot be used with a binary build');
  await withSession(flags, async (s) => {
    const request = manualBuildRequest(target.name, env);
    const base = buildsPath(s.namespace);
    const build = (await (upload
      ? s.client.request(
          'POST',
          `${base}/buildconfigs/${encodeURIComponent(target.name)}/instantiatebinary`,
          {
            body: upload.body,
            contentType: 'application/octet-stream',
            query: upload.query,
          },
        )
      : s.client.request('POST', `${base}/${target.path}`, { body: request }))) as {
      metadata: { name: string };
    };
    const built = build.metadata.name;
    process.stdout.write(`${buildStartedMessage(built)}\n`);
    if (flags.follow) await streamLog(s, built, true);
    if (!flags.wait) return;
    const phase = phaseOf(await waitForBuild(s, built));
    if (phase !== 'Complete') throw new CliError(`build ${built} ended ${phase}`);
  });
}

export function registerStartBuild(program: Command): void {
  const cmd = program
    .command('start-build')
    .description('start a new build of a BuildConfig')
    .argument('[name]', 'the BuildConfig')
    .option('--from-build <build>', 'rebuild this build: the same source revision and builder image')
    .option('-e, --env <NAME=VALUE>', 'an environment variable for the build (repeatable)', collect)
    .option('--from-dir <dir>', 'a binary build: the directory, sent as a tar archive')
    .option('--from-file <file>', 'a binary build: one file, the only content of the context')
    .option('--from-archive <archive>', 'a binary build: a tar or tar.gz archive, unpacked as the context')
    .option('-F, --follow', 'stream the build log until the build ends')
    .option('-w, --wait', 'wait for the build to end; exit non-zero unless it completes');
  addClientOptions(cmd).action((name: string | undefined, flags: StartFlags) => start(name, flags));
}
