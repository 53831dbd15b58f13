/** Follower groups, streams and an in-memory store for the controller's unit tests (no Docker). */
import type { KubeObject } from '../../../../src/api/object.js';
import { openSqliteStore } from '../../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../../src/store/store.js';
import type { ImageStream } from '../../../../src/api/types.js';
import type { FollowerGroup } from '../../../../src/triggers/targets/docker/index.js';

export const V1 = `sha256:${'1'.repeat(64)}`;
export const V2 = `sha256:${'2'.repeat(64)}`;
export const V3 = `sha256:${'3'.repeat(64)}`;

export function memoryStore(): Promise<Store> {
  return openSqliteStore({ path: ':memory:' });
}

export function group(
  key: string,
  opts: { stream?: string; namespace?: string; paused?: boolean; ids?: string[] } = {},
): FollowerGroup {
  const ids = opts.ids ?? ['c1'];
  return {
    key,
    trigger: {
      index: 0,
      from: { namespace: opts.namespace ?? 'default', stream: opts.stream ?? 'app', tag: 'latest' },
      fieldPath: '',
      container: undefined,
      paused: opts.paused ?? false,
    },
    warnings: [],
    gates: { approval: false },
    containers: ids.map((id) => ({ id, name: `n-${id}`, labels: {}, state: 'running', pinned: false })),
  };
}

/** An ImageStream whose `latest` history is `digests`, newest first. */
export function stream(
  name: string,
  digests: string[],
  extra: Record<string, unknown> = {},
): KubeObject & ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { namespace: 'default', name },
    spec: { lookupPolicy: { local: false }, tags: [{ name: 'latest' }] },
    status: {
      dockerImageRepository: '',
      tags: [
        {
          tag: 'latest',
          items: digests.map((image) => ({
            image,
            dockerImageReference: `reg.local/default/${name}@${image}`,
            created: '2026-01-01T00:00:00Z',
            generation: 1,
          })),
          ...extra,
        },
      ],
    },
  };
}
