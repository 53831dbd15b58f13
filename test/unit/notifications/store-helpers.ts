/** A throw-away SQLite store and ImageStream objects for the outbound tests. */
import type { KubeObject } from '../../../src/api/object.js';
import { IMAGE_STREAMS } from '../../../src/notifications/stream-view.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { eventually } from '../../support/until.js';

export function memoryStore(): Promise<Store> {
  return openSqliteStore({ path: ':memory:' });
}

export function imageStream(namespace: string, name: string, tags: Record<string, string[]>): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { namespace, name },
    spec: { lookupPolicy: { local: false } },
    status: {
      dockerImageRepository: '',
      tags: Object.entries(tags).map(([tag, images]) => ({
        tag,
        items: images.map((image) => ({
          image,
          dockerImageReference: `reg/${name}@${image}`,
          created: '2026-01-01T00:00:00Z',
          generation: 1,
        })),
      })),
    },
  };
}

/** Moves a tag of a stored stream to `image` (newest first), as an import would. */
export async function moveTag(
  store: Store,
  namespace: string,
  name: string,
  tag: string,
  image: string,
): Promise<void> {
  const current = await store.get(IMAGE_STREAMS, namespace, name);
  if (!current) throw new Error(`no stream ${namespace}/${name}`);
  const status = (current.status ?? { tags: [] }) as {
    tags: Array<{ tag: string; items: Array<Record<string, unknown>> }>;
  };
  const entry = status.tags.find((t) => t.tag === tag);
  const item = {
    image,
    dockerImageReference: `reg/${name}@${image}`,
    created: '2026-01-01T00:00:00Z',
    generation: 1,
  };
  if (entry) entry.items.unshift(item);
  else status.tags.push({ tag, items: [item] });
  await store.update(IMAGE_STREAMS, { ...current, status });
}

/** The namespace of the streams `barrier` writes: leave it out of what a test checks. */
const BARRIER_NAMESPACE = 'zz-barrier';
let barriers = 0;

/**
 * Creates a stream in BARRIER_NAMESPACE and waits until `seen` reports it. A watch delivers in
 * order, so everything written before has been handled too: the test can then check that nothing
 * more happened, without sleeping.
 */
export async function barrier(
  store: Store,
  seen: () => ReadonlyArray<{ namespace: string; stream: string }>,
): Promise<void> {
  const name = `barrier-${++barriers}`;
  await store.create(
    IMAGE_STREAMS,
    imageStream(BARRIER_NAMESPACE, name, { latest: [`sha256:${'0'.repeat(64)}`] }),
  );
  await eventually(() => seen().some((c) => c.namespace === BARRIER_NAMESPACE && c.stream === name));
}

/** `changes` without the barrier streams' */
export function withoutBarriers<T extends { namespace: string }>(changes: readonly T[]): T[] {
  return changes.filter((c) => c.namespace !== BARRIER_NAMESPACE);
}
