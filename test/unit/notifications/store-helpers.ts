/** A throw-away SQLite store and ImageStream objects for the outbound tests. */
import type { KubeObject } from '../../../src/api/object.js';
import { IMAGE_STREAMS } from '../../../src/notifications/stream-view.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';

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

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
