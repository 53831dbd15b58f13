/**
 * Finding the containers that follow a tag: any container (running or not) labelled
 * `imagestreams.io/follow` or `image.openshift.io/triggers`, grouped by Compose service so that a
 * service is rolled one container at a time. Replacements still in flight are left out: they
 * belong to `reconcileInterrupted`.
 */
import type Docker from 'dockerode';
import { parseDockerTriggerLabels } from '../../docker-labels.js';
import { parseGates, type Gates } from '../../gates/gates.js';
import { DockerLabels } from '../../labels.js';
import type { Trigger, TriggerWarning } from '../../trigger.js';
import { ContainerSummarySchema } from './schema.js';

export interface FollowerContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
  state: string;
  pinned: boolean;
}

export interface FollowerGroup {
  /** `docker:compose/<project>/<service>` or `docker:container/<name>`: the rollout target. */
  key: string;
  project?: string;
  service?: string;
  /** The trigger of the group (its first container's, when they disagree a warning says so). */
  trigger: Trigger | undefined;
  warnings: TriggerWarning[];
  /** The rollout gates of the group: its first container's `imagestreams.io/rollout-window`, … labels. */
  gates: Gates;
  /** Sorted by name: the rollout order. */
  containers: FollowerContainer[];
}

export async function discoverFollowers(docker: Docker): Promise<FollowerGroup[]> {
  const [follow, triggers] = await Promise.all([
    docker.listContainers({ all: true, filters: { label: [DockerLabels.follow] } }),
    docker.listContainers({ all: true, filters: { label: [DockerLabels.triggers] } }),
  ]);
  const byId = new Map<string, FollowerContainer>();
  for (const raw of [...follow, ...triggers]) {
    const s = ContainerSummarySchema.parse(raw);
    const labels = s.Labels ?? {};
    if (labels[DockerLabels.replaces] !== undefined && isTemporary(s.Names, labels)) continue;
    byId.set(s.Id, {
      id: s.Id,
      name: (s.Names[0] ?? s.Id).replace(/^\//, ''),
      labels,
      state: s.State ?? 'unknown',
      pinned: labels[DockerLabels.pinned] === 'true',
    });
  }
  return groupFollowers([...byId.values()]);
}

/** A replacement still under its temporary name: mid-rollout or left by a crash. */
function isTemporary(names: readonly string[], labels: Record<string, string>): boolean {
  const original = labels[DockerLabels.originalName];
  return original !== undefined && !names.some((n) => n.replace(/^\//, '') === original);
}

/** Groups containers by Compose project and service; other containers are groups of one. */
export function groupFollowers(containers: readonly FollowerContainer[]): FollowerGroup[] {
  const groups = new Map<string, FollowerGroup>();
  for (const c of [...containers].sort((a, b) => a.name.localeCompare(b.name))) {
    const project = c.labels[DockerLabels.composeProject];
    const service = c.labels[DockerLabels.composeService];
    const key = project && service ? `docker:compose/${project}/${service}` : `docker:container/${c.name}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        ...(project && service ? { project, service } : {}),
        trigger: undefined,
        warnings: [],
        gates: { approval: false },
        containers: [],
      };
      groups.set(key, group);
      addGates(group, c);
    }
    addToGroup(group, c);
  }
  return [...groups.values()];
}

function addGates(group: FollowerGroup, c: FollowerContainer): void {
  const { gates, problems } = parseGates(c.labels);
  group.gates = gates;
  for (const p of problems)
    group.warnings.push({
      index: undefined,
      field: p.field,
      message: `${c.name}: label ${p.field}: ${p.message}`,
    });
}

function addToGroup(group: FollowerGroup, c: FollowerContainer): void {
  const parsed = parseDockerTriggerLabels(c.labels, {
    containerName: c.name,
    ...(group.service ? { service: group.service } : {}),
  });
  group.warnings.push(...parsed.warnings.map((w) => ({ ...w, message: `${c.name}: ${w.message}` })));
  group.containers.push(c);
  if (!parsed.trigger) return;
  if (!group.trigger) {
    group.trigger = parsed.trigger;
    return;
  }
  const a = group.trigger.from;
  const b = parsed.trigger.from;
  if (
    a.namespace !== b.namespace ||
    a.stream !== b.stream ||
    a.tag !== b.tag ||
    group.trigger.paused !== parsed.trigger.paused
  ) {
    group.warnings.push({
      index: undefined,
      field: DockerLabels.follow,
      message: `${c.name} declares a different trigger than the rest of ${group.key}; the group follows ${a.namespace}/${a.stream}:${a.tag}`,
    });
  }
}
