/** A throw-away SQLite store and ImageStream objects for the outbound tests. */
import type { ImageStream, NamedTagEventList } from '../../../src/api/types.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { decodeImageStream } from '../../support/image-stream.js';
import { eventually } from '../../support/until.js';

export function memoryStore(): Promise<Store> {
  return openSqliteStore({ path: ':memory:' });
}

export function imageStream(namespace: string, name: string, tags: Record<string, string[]>): ImageStream {
  return decodeImageStream({
    metadata: { namespace, name },
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
  });
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
  const tags: NamedTagEventList[] = current.status?.tags ?? [];
  const entry = tags.find((t) => t.tag === tag);
  const item = {
    image,
    dockerImageReference: `reg/${name}@${image}`,
    created: '2026-01-01T00:00:00Z',
    generation: 1,
  };
  if (entry) entry.items = [item, ...(entry.items ?? [])];
  else tags.push({ tag, items: [item] });
  await store.update(IMAGE_STREAMS, {
    ...current,
    status: { dockerImageRepository: current.status?.dockerImageRepository ?? '', tags },
  });
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
