/** The little validation the fake applies, enough that clients meet the same 4xx answers. */
import { isDeepStrictEqual } from 'node:util';
import { invalid, type StatusCause } from '../../../src/api/status-error.js';
import type { KubeObject } from './object-store.js';
import type { ResourceType } from './resources.js';

const POD_SPEC_PATH: Readonly<Record<string, string[]>> = {
  Pod: ['spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function podSpecPath(kind: string): string[] {
  return POD_SPEC_PATH[kind] ?? ['spec', 'template', 'spec'];
}

function at(obj: unknown, path: readonly string[]): unknown {
  let cur = obj;
  for (const p of path)
    cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[p] : undefined;
  return cur;
}

export function validateObject(r: ResourceType, obj: KubeObject): void {
  const causes: StatusCause[] = [];
  if (!obj.metadata.name)
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field: 'metadata.name' });
  const path = podSpecPath(r.kind);
  const containers = at(obj, [...path, 'containers']);
  const field = `${path.join('.')}.containers`;
  if (!Array.isArray(containers) || containers.length === 0) {
    causes.push({ reason: 'FieldValueRequired', message: 'Required value', field });
  } else {
    containers.forEach((c: unknown, i) => {
      const ctr = (c ?? {}) as { name?: unknown; image?: unknown };
      if (typeof ctr.name !== 'string' || ctr.name === '')
        causes.push({
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: `${field}[${i}].name`,
        });
      if (typeof ctr.image !== 'string' || ctr.image === '')
        causes.push({
          reason: 'FieldValueRequired',
          message: 'Required value',
          field: `${field}[${i}].image`,
        });
    });
  }
  if (causes.length > 0)
    throw invalid({ kind: r.kind, group: r.group, resource: r.plural, name: obj.metadata.name }, causes);
}

/** Pod specs are immutable except for container images (what a trigger patches). */
export function validatePodUpdate(r: ResourceType, current: KubeObject, next: KubeObject): void {
  if (!r.imageOnlyUpdates) return;
  if (isDeepStrictEqual(withoutImages(current.spec), withoutImages(next.spec))) return;
  throw invalid({ kind: r.kind, group: r.group, resource: r.plural, name: current.metadata.name }, [
    {
      reason: 'FieldValueForbidden',
      field: 'spec',
      message:
        'Forbidden: pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds`',
    },
  ]);
}

function withoutImages(spec: unknown): unknown {
  const s = structuredClone((spec ?? {}) as Record<string, unknown>);
  for (const list of ['containers', 'initContainers']) {
    const cs = s[list];
    if (Array.isArray(cs))
      for (const c of cs) if (c && typeof c === 'object') delete (c as Record<string, unknown>).image;
  }
  return s;
}
