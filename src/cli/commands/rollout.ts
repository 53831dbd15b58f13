/**
 * `isctl rollout pause TARGET` and `isctl rollout resume TARGET`, as `oc rollout pause|resume`
 * hold a Deployment: while paused, a tag move is recorded as a Rollout `Waiting` (reason
 * `Paused`) and nothing rolls; on resume the latest digest rolls out (a newer one superseded the
 * older held ones). TARGET is a target as `isctl get rollouts` shows it, or `KIND/NAME`. The pause
 * is the target's TriggerState's `spec.paused` for every kind of target (a WebhookTrigger's own
 * `spec.paused`, in its manifest, holds it too).
 */
import type { Command } from 'commander';
import type { KubeObject } from '../../api/object.js';
import {
  pausedStateObject,
  pauseMessage,
  targetKeyOf,
  withPaused,
  type PauseKey,
} from '../../triggers/pause-request.js';
import { TARGET_HASH_LABEL, targetHash, triggerStateName } from '../../triggers/rollout-store.js';
import { parseStreamTag } from '../../triggers/trigger.js';
import { ClientStatusError, type ApiClient } from '../api-client.js';
import { addClientOptions, withSession } from '../connection.js';
import type { ConnectionFlags } from '../kubeconfig.js';
import { RESOURCES } from '../resources.js';

interface RolloutFlags extends ConnectionFlags {
  tag?: string[];
}

const fromName = (o: KubeObject) =>
  ((o.spec as { from?: { name?: unknown } } | undefined)?.from?.name as string | undefined) ?? '';

/** The tags the target follows, as its TriggerStates and Rollouts in the namespace say. */
async function knownTags(client: ApiClient, namespace: string, target: string): Promise<string[]> {
  const options = { namespace, labelSelector: `${TARGET_HASH_LABEL}=${targetHash(target)}` };
  const [states, rollouts] = await Promise.all([
    client.list(RESOURCES.triggerstates, options),
    client.list(RESOURCES.rollouts, options),
  ]);
  const ofTarget = [...states.items, ...rollouts.items].filter(
    (o) => (o.spec as { target?: unknown } | undefined)?.target === target,
  );
  return [...new Set(ofTarget.map(fromName).filter((n) => n !== ''))].sort();
}

/** Creates the TriggerState with the pause, or sets it on the one the controllers keep. */
async function pauseState(client: ApiClient, key: PauseKey, paused: boolean): Promise<void> {
  const name = triggerStateName(key);
  const ns = key.from.namespace;
  try {
    const current = await client.get(RESOURCES.triggerstates, name, ns);
    await client.update(RESOURCES.triggerstates, name, withPaused(current, paused), ns);
  } catch (e) {
    if (!(e instanceof ClientStatusError) || e.code !== 404) throw e;
    await client.create(RESOURCES.triggerstates, pausedStateObject(key, name, paused), ns);
  }
}

function keysOf(target: string, namespace: string, tags: readonly string[]): PauseKey[] {
  return tags.map((t) => {
    const parsed = parseStreamTag(t);
    if (!parsed) throw new Error(`--tag "${t}" must be STREAM:TAG`);
    return { target, from: { namespace, ...parsed } };
  });
}

async function setPaused(arg: string, paused: boolean, flags: RolloutFlags): Promise<void> {
  await withSession(flags, async (s) => {
    const target = targetKeyOf(arg, s.namespace);
    if (!target)
      throw new Error(
        `"${arg}" is not a target: give it as isctl get rollouts shows it (docker:container/NAME, kubernetes:deployment/NS/NAME, webhook:NS/NAME) or as KIND/NAME (deployment/NAME, container/NAME, compose/PROJECT/SERVICE, webhooktrigger/NAME)`,
      );
    const tags = flags.tag?.length ? flags.tag : await knownTags(s.client, s.namespace, target);
    if (tags.length === 0)
      throw new Error(
        `no tag in namespace ${s.namespace} is known to be followed by ${target} (it has no TriggerState or Rollout yet): give --tag STREAM:TAG`,
      );
    for (const key of keysOf(target, s.namespace, tags)) {
      await pauseState(s.client, key, paused);
      process.stdout.write(`${pauseMessage(key, paused)}\n`);
    }
  });
}

export function registerRollout(program: Command): void {
  const rollout = program.command('rollout').description('pause or resume the image triggers of a target');
  for (const [verb, paused, what] of [
    ['pause', true, 'hold new images of a target: each tag move waits (Rollout Waiting, reason Paused)'],
    ['resume', false, 'roll out the latest image a paused target waits for, and follow the tag again'],
  ] as const) {
    const cmd = rollout
      .command(verb)
      .description(what)
      .argument('<target>', 'docker:container/NAME, kubernetes:KIND/NS/NAME, webhook:NS/NAME, or KIND/NAME')
      .option(
        '--tag <stream:tag>',
        'only this followed tag (repeatable; default: every tag the target is known to follow)',
        (v: string, prev: string[] = []) => [...prev, v],
      );
    addClientOptions(cmd).action((target: string, flags: RolloutFlags) => setPaused(target, paused, flags));
  }
}
