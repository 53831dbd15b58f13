/**
 * Glue for the coordinator: whether a follower group should roll to what its trigger resolves to.
 * The group's current digest is the one its unpinned containers share; a group with mixed digests
 * (an interrupted or failed rollout) has none, so the rollout resumes for the stragglers.
 */
import type Docker from 'dockerode';
import { decideTrigger, SkipReason, type TriggerDecision, type TriggerState } from '../../decide.js';
import { resolveTagImage } from '../../../api/tag-history.js';
import type { ImageStream } from '../../../api/types.js';
import type { FollowerGroup } from './discover.js';
import { containerDigest, inspectContainerIfExists } from './inspect.js';

export async function groupDigest(
  docker: Docker,
  group: Pick<FollowerGroup, 'containers'>,
): Promise<string | undefined> {
  const digests = new Set<string | undefined>();
  for (const c of group.containers) {
    if (c.pinned) continue;
    const inspect = await inspectContainerIfExists(docker, c.id);
    if (inspect) digests.add(await containerDigest(docker, inspect));
  }
  return digests.size === 1 ? [...digests][0] : undefined;
}

/** The decision for one group given its stream (already fetched by the caller) and its trigger state. */
export async function planGroup(
  docker: Docker,
  group: FollowerGroup,
  stream: ImageStream,
  state: TriggerState,
): Promise<TriggerDecision> {
  if (!group.trigger)
    return {
      fire: false,
      reason: SkipReason.NoTrigger,
      message: 'no usable trigger on this group (see its warnings)',
    };
  const pinned = group.containers.every((c) => c.pinned);
  const currentDigest = pinned ? undefined : await groupDigest(docker, group);
  return decideTrigger(
    group.trigger,
    resolveTagImage(stream, group.trigger.from.tag),
    { pinned, ...(currentDigest ? { currentDigest } : {}) },
    state,
  );
}
