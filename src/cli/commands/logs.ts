/**
 * `isctl logs build/NAME` and `isctl logs bc/NAME` (the latest build), as `oc logs`: `-f`,
 * `--tail N`, `--since 5m`, `--since-time RFC3339`, `--timestamps`, `--limit-bytes N`,
 * `--version N` (a build of the BuildConfig by number). The server checks the values (a Status
 * naming the parameter); the CLI only turns `--since` into seconds.
 */
import type { Command } from 'commander';
import { parseDuration } from '../../api/duration.js';
import { streamLog } from '../build-client.js';
import { addClientOptions, withSession } from '../connection.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { RESOURCES } from '../resources.js';

interface LogsFlags extends ConnectionFlags {
  follow?: boolean;
  tail?: string;
  since?: string;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: string;
  version?: string;
}

/** kubectl's rounding: `--since 90s` is sinceSeconds=90, `--since 1500ms` is 2 */
function sinceSeconds(text: string): string {
  let ms: number;
  try {
    ms = parseDuration(text);
  } catch (e) {
    throw new CliError(`--since: ${(e as Error).message}`);
  }
  return String(Math.round(ms / 1000));
}

/** the BuildLogOptions query of the flags; `--tail -1` (oc's default) is the whole log */
function logQuery(f: LogsFlags): Record<string, string> {
  if (f.since !== undefined && f.sinceTime !== undefined)
    throw new CliError('at most one of --since or --since-time may be specified');
  const q: Record<string, string> = {};
  if (f.tail !== undefined && f.tail !== '-1') q.tailLines = f.tail;
  if (f.since !== undefined) q.sinceSeconds = sinceSeconds(f.since);
  if (f.sinceTime !== undefined) q.sinceTime = f.sinceTime;
  if (f.timestamps) q.timestamps = 'true';
  if (f.limitBytes !== undefined) q.limitBytes = f.limitBytes;
  if (f.version !== undefined) q.version = f.version;
  return q;
}

async function logs(target: string, flags: LogsFlags): Promise<void> {
  const slash = target.indexOf('/');
  const kind = slash < 0 ? '' : target.slice(0, slash).toLowerCase();
  const name = target.slice(slash + 1);
  const query = logQuery(flags);
  await withSession(flags, async (s) => {
    if (['build', 'builds', 'build.build.openshift.io'].includes(kind))
      return streamLog(s, name, flags.follow === true, query);
    if (['bc', 'buildconfig', 'buildconfigs'].includes(kind)) {
      const bc = await s.client.get(RESOURCES.buildconfigs, name, s.namespace);
      const last = (bc.status as { lastVersion?: number } | undefined)?.lastVersion ?? 0;
      if (last === 0) throw new CliError(`no builds found for buildconfig "${name}"`);
      return streamLog(s, `${name}-${last}`, flags.follow === true, query);
    }
    throw new CliError(`logs: expected build/NAME or bc/NAME, got "${target}"`);
  });
}

export function registerLogs(program: Command): void {
  const cmd = program
    .command('logs')
    .description('print the log of a build (build/NAME) or of the latest build of a BuildConfig (bc/NAME)')
    .argument('<target>', 'build/NAME or bc/NAME')
    .option('-f, --follow', 'stream the log until the build ends')
    .option('--tail <lines>', 'the last lines only (-1: all)')
    .option('--since <duration>', 'only lines newer than this (5s, 2m, 3h)')
    .option('--since-time <time>', 'only lines written at or after this RFC 3339 time')
    .option('--timestamps', 'prefix each line with the time it was written')
    .option('--limit-bytes <bytes>', 'at most this many bytes of the log')
    .option('--version <n>', 'the log of build number n of the same BuildConfig');
  addClientOptions(cmd).action((target: string, flags: LogsFlags) => logs(target, flags));
}
