/** Finding the container a trigger's fieldPath addresses inside a workload's pod spec. */
import type { ContainerFieldPath } from '../../field-path.js';
import type { KindInfo } from './kinds.js';
import { PodSpecSchema, type WorkloadSchema } from './schema.js';

export interface ContainerSlot {
  list: ContainerFieldPath['list'];
  index: number;
  name: string;
  image: string | undefined;
  /** JSON pointer to the container, e.g. `/spec/template/spec/containers/0`. */
  pointer: string;
}

function podSpecOf(obj: Pick<WorkloadSchema, 'spec'>, info: KindInfo): PodSpecSchema | undefined {
  let cur: unknown = obj;
  for (const seg of info.podSpec) {
    cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[seg] : undefined;
  }
  const parsed = PodSpecSchema.safeParse(cur);
  return parsed.success ? parsed.data : undefined;
}

/** `undefined` when the pod spec has no such container (a warning for the user, not an error). */
export function locateContainer(
  obj: Pick<WorkloadSchema, 'spec'>,
  info: KindInfo,
  path: ContainerFieldPath,
): ContainerSlot | undefined {
  const list = podSpecOf(obj, info)?.[path.list] ?? [];
  const index =
    'index' in path.selector
      ? path.selector.index < list.length
        ? path.selector.index
        : -1
      : list.findIndex((c) => 'name' in path.selector && c.name === path.selector.name);
  const container = list[index];
  if (!container) return undefined;
  return {
    list: path.list,
    index,
    name: container.name,
    image: container.image,
    pointer: `/${[...info.podSpec, path.list, String(index)].join('/')}`,
  };
}
