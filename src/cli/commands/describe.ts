/**
 * `isctl describe is NAME`: oc's describe text for image streams, followed by the triggers'
 * rollouts and warnings for the stream's tags and its events (as kubectl ends with Events);
 * `isctl describe rollout NAME`: one rollout of the trigger controller, with its steps.
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import { ImageStreamSchema } from '../../api/schema/image-stream.js';
import type { ImageStream } from '../../api/types.js';
import { ClientStatusError } from '../api-client.js';
import { addClientOptions, withSession, type Session } from '../connection.js';
import { budgetLine, tagRegistry, type BudgetFigures } from '../describe/budget-metrics.js';
import { describeImageStream } from '../describe/describe-image-stream.js';
import { describeBuildConfig } from '../describe/describe-build-config.js';
import { describeBuild } from '../describe/describe-build.js';
import { BUILD_CONFIG_LABEL } from '../../builds/constants.js';
import { BuildConfigSchema, BuildSchema } from '../../builds/schema.js';
import { formatEvents } from '../describe/events-section.js';
import {
  describeRollout,
  followsStream,
  formatStreamRollouts,
  formatPausedTriggers,
  formatTriggerWarnings,
  recentRollouts,
  rolloutViewSchema,
} from '../describe/rollouts-section.js';
import {
  registryBudgets,
  streamEvents,
  triggerObjects,
  type TriggerObjects,
} from '../describe/stream-extras.js';
import { CliError } from '../errors.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { reportError } from '../report.js';
import { RESOURCES, type ResourceInfo } from '../resources.js';
import { parseTargets, type Target } from '../targets.js';

const DESCRIBABLE: readonly ResourceInfo[] = [
  RESOURCES.imagestreams,
  RESOURCES.rollouts,
  RESOURCES.buildconfigs,
  RESOURCES.builds,
];

/** `describe bc`: the BuildConfig (decoded as the server does) and its builds */
async function describeBuildConfigs(s: Session, objects: KubeObject[]): Promise<string[]> {
  const texts: string[] = [];
  for (const o of objects) {
    const bc = BuildConfigSchema.parse(o);
    const builds = await s.client.list(RESOURCES.builds, {
      namespace: s.namespace,
      labelSelector: `${BUILD_CONFIG_LABEL}=${bc.metadata.name}`,
    });
    const list = builds.items.map((b) => BuildSchema.parse(b));
    texts.push(describeBuildConfig(bc, list, s.connection.server));
  }
  return texts;
}

async function objectsOf(s: Session, target: Target): Promise<KubeObject[]> {
  const r = target.resource;
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

interface StreamContext {
  triggers: TriggerObjects | undefined;
  budgets: Map<string, BudgetFigures>;
  now: Date;
}

async function describeStream(s: Session, stream: ImageStream, c: StreamContext): Promise<string> {
  const name = stream.metadata.name;
  const text = describeImageStream(stream, c.now, {
    tagNotes: (tag) => {
      const registry = tagRegistry(stream, tag);
      const line = registry === undefined ? undefined : budgetLine(registry, c.budgets);
      return line === undefined ? [] : [line];
    },
  });
  let out = text.endsWith('\n') ? text : `${text}\n`;
  if (c.triggers) {
    const rollouts = c.triggers.rollouts.filter((r) => followsStream(r, name));
    out += '\n' + formatStreamRollouts(recentRollouts(rollouts), c.now);
    const states = c.triggers.states.filter((t) => followsStream(t, name));
    out += formatPausedTriggers(states);
    out += formatTriggerWarnings(states);
  }
  const events = await streamEvents(s, name);
  if (events) out += formatEvents(events, c.now);
  return out;
}

async function describeStreams(s: Session, objects: KubeObject[]): Promise<string[]> {
  if (objects.length === 0) return [];
  const [triggers, budgets] = await Promise.all([triggerObjects(s), registryBudgets(s)]);
  const c: StreamContext = { triggers, budgets, now: new Date() };
  const texts: string[] = [];
  for (const o of objects) texts.push(await describeStream(s, ImageStreamSchema.parse(o), c));
  return texts;
}

async function describe(args: string[], flags: ConnectionFlags): Promise<void> {
  const targets = parseTargets(args);
  const other = targets.find((t) => !DESCRIBABLE.includes(t.resource));
  if (other)
    throw new CliError(
      `describe supports imagestreams, rollouts, buildconfigs and builds only, not "${other.resource.resource}"`,
    );
  await withSession(flags, async (s) => {
    const texts: string[] = [];
    for (const target of targets) {
      const objects = await objectsOf(s, target);
      if (target.resource === RESOURCES.buildconfigs) texts.push(...(await describeBuildConfigs(s, objects)));
      else if (target.resource === RESOURCES.builds) {
        const now = new Date();
        texts.push(...objects.map((o) => describeBuild(BuildSchema.parse(o), now)));
      } else if (target.resource === RESOURCES.rollouts) {
        const now = new Date();
        texts.push(...objects.map((o) => describeRollout(rolloutViewSchema.parse(o), now)));
      } else texts.push(...(await describeStreams(s, objects)));
    }
    if (texts.length > 0) process.stdout.write(texts.join('\n\n'));
    else if (process.exitCode !== 1)
      process.stderr.write(`No resources found in ${s.namespace} namespace.\n`);
  });
}

export function registerDescribe(program: Command): void {
  const cmd = program
    .command('describe')
    .description('Show details of image streams, rollouts, build configs and builds (as oc describe is)')
    .argument(
      '<resource...>',
      'is [NAME...], is/NAME..., rollout [NAME...], bc NAME or bc/NAME..., build NAME or build/NAME...',
    );
  addClientOptions(cmd).action((args: string[], flags: ConnectionFlags) => describe(args, flags));
}
