import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../../../support/manual-clock.js';
import type { Store } from '../../../../src/store/store.js';
import {
  IMAGE_STREAMS,
  watchStreams,
  type StreamWatch,
} from '../../../../src/triggers/controller/stream-watch.js';
import { memoryStore, stream, V1, V2 } from './fixtures.js';

let store: Store;
let watch: StreamWatch | undefined;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  watch?.stop();
  await store.close();
});

describe('watchStreams', () => {
  it('reports existing streams first, then only changes a trigger can see', async () => {
    await store.create(IMAGE_STREAMS, stream('app', [V1]));
    const seen: string[] = [];
    watch = watchStreams({ store, clock: manualClock(), onChange: (ns, name) => seen.push(`${ns}/${name}`) });
    await watch.synced();
    expect(seen).toEqual(['default/app']);

    const current = await store.get(IMAGE_STREAMS, 'default', 'app');
    await store.update(IMAGE_STREAMS, {
      ...current!,
      metadata: { ...current!.metadata, annotations: { a: 'b' } },
    });
    await store.create(IMAGE_STREAMS, stream('other', [V1]));
    await vi.waitFor(() => expect(seen).toEqual(['default/app', 'default/other']));

    const again = await store.get(IMAGE_STREAMS, 'default', 'app');
    await store.update(IMAGE_STREAMS, { ...stream('app', [V2, V1]), metadata: again!.metadata });
    await vi.waitFor(() => expect(seen).toEqual(['default/app', 'default/other', 'default/app']));
  });
});
