/**
 * A GET from the watch cache answers with the cached JSON bytes (no parse, no serialization):
 * the object's own encoding while decoration adds nothing, else the decorated encoding kept per
 * decoration variant; the same JSON as a GET read from the store, and 404 for a missing object.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Decorator } from '../../../../src/api/image-stream-repository.js';
import type { KubeObject } from '../../../../src/api/object.js';
import { IMAGE_STREAMS, imageStreamResource } from '../../../../src/server/resources/image-resources.js';
import type { RequestScope, ResourceDef } from '../../../../src/server/resources/resource-def.js';
import { openSqliteStore } from '../../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../../src/store/store.js';
import { CachingStore } from '../../../../src/store/watch-cache/caching-store.js';

let store: Store;
let cached: CachingStore;
/** the variant the decoration reports: undefined (it adds nothing) or a value it adds */
let seen: string | undefined;
const decorate: Decorator = Object.assign(
  <T extends KubeObject>(o: T): T =>
    seen === undefined ? o : { ...o, metadata: { ...o.metadata, labels: { seen } } },
  { variant: () => seen },
);

const scope = (name: string): RequestScope =>
  ({ info: { verb: 'get', namespace: 'a', name }, query: {} }) as unknown as RequestScope;

beforeEach(async () => {
  store = await openSqliteStore({ path: ':memory:' });
  await store.create(IMAGE_STREAMS, {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 's', namespace: 'a' },
    spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'quay.io/x/s:latest' } }] },
  } as KubeObject);
  cached = new CachingStore(store, { types: [IMAGE_STREAMS] });
  await cached.synced();
});
afterEach(async () => {
  cached.stop();
  await store.close();
});

describe('GET from the watch cache', () => {
  it('writes the JSON of a GET from the store, decorated or not, from bytes encoded once', async () => {
    const fromStore: ResourceDef = imageStreamResource(store, decorate);
    const fromCache: ResourceDef = imageStreamResource(cached, decorate);
    for (const variant of [undefined, 'yes', 'other']) {
      seen = variant;
      const json = await fromCache.handler.getEncoded!(scope('s'));
      expect(json?.toString(), String(variant)).toBe(
        JSON.stringify(await fromStore.handler.get!(scope('s'))),
      );
      // the next GET writes the same bytes, not a new encoding
      expect(await fromCache.handler.getEncoded!(scope('s'))).toBe(json);
    }
    seen = undefined;
    expect(await fromCache.handler.getEncoded!(scope('s'))).toBe(
      cached.cacheOf(IMAGE_STREAMS)?.get('a', 's')?.json,
    );
  });

  it('is 404 for a missing object, and leaves the GET to the store without a cache', async () => {
    const fromCache = imageStreamResource(cached, decorate);
    await expect(fromCache.handler.getEncoded!(scope('missing'))).rejects.toMatchObject({ code: 404 });
    const uncached = imageStreamResource(store, decorate);
    expect(await uncached.handler.getEncoded!(scope('s'))).toBeUndefined();
  });
});
