/** `isctl describe is NAME`: oc's describe text for image streams. */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { ClientStatusError } from '../api-client.js';
import { addClientOptions, withSession, type Session } from '../connection.js';
import { describeImageStream } from '../describe/describe-image-stream.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { reportError } from '../report.js';
import { RESOURCES } from '../resources.js';
import { imageStreamViewSchema } from '../schema.js';
import { parseTargets, type Target } from '../targets.js';

async function streamsOf(s: Session, target: Target): Promise<KubeObject[]> {
  const r = RESOURCES.imagestreams;
  if (target.names.length === 0) return (await s.client.list(r, { namespace: s.namespace })).items;
  const found: KubeObject[] = [];
  for (const name of target.names) {
    try {
      found.push(await s.client.get(r, name, s.namespace));
    } catch (err) {
      if (!(err instanceof ClientStatusError)) throw err;
      reportError(err);
    }
  }
  return found;
}

async function describe(args: string[], flags: ConnectionFlags): Promise<void> {
  const targets = parseTargets(args);
  const other = targets.find((t) => t.resource !== RESOURCES.imagestreams);
  if (other) throw new CliError(`describe supports imagestreams only, not "${other.resource.resource}"`);
  await withSession(flags, async (s) => {
    const streams = (await Promise.all(targets.map((t) => streamsOf(s, t)))).flat();
    const now = new Date();
    const texts = streams.map((obj) => describeImageStream(imageStreamViewSchema.parse(obj), now));
    if (texts.length > 0) process.stdout.write(texts.join('\n\n'));
    else if (process.exitCode !== 1)
      process.stderr.write(`No resources found in ${s.namespace} namespace.\n`);
  });
}

export function registerDescribe(program: Command): void {
  const cmd = program
    .command('describe')
    .description('Show details of image streams (as oc describe is)')
    .argument('<resource...>', 'is [NAME...] or is/NAME...');
  addClientOptions(cmd).action((args: string[], flags: ConnectionFlags) => describe(args, flags));
}
