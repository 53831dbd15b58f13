import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImageStream } from '../../../src/api/types.js';
import { PushCoalescer, type PendingPush } from '../../../src/notifications/inbound/coalescer.js';
import type { ImportTagRequest } from '../../../src/notifications/inbound/import-requester.js';
import { createPushHandler, listAllStreams } from '../../../src/notifications/inbound/push-handler.js';
import { PushLatencyTracker } from '../../../src/notifications/push-latency.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { decodeImageStream } from '../../support/image-stream.js';
import { metricsRegistry } from '../../../src/observability/metrics.js';
import type { Store } from '../../../src/store/store.js';
import { AT, D1 } from './fixtures.js';
import { memoryStore } from './store-helpers.js';

let store: Store;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => store.close());

function follower(namespace: string, name: string, from: string): ImageStream {
  return decodeImageStream({
    metadata: { namespace, name },
    spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: from } }] },
  });
}

describe('push handler', () => {
  it('lists streams of every namespace across pages', async () => {
    for (let i = 0; i < 1203; i++)
      await store.create(IMAGE_STREAMS, follower(`ns${i % 3}`, `s${i}`, 'reg.example.com/a/b:latest'));
    expect(await listAllStreams(store)).toHaveLength(1203);
  });

  it('queues one import per following stream tag, with the claimed digest and source', async () => {
    await store.create(IMAGE_STREAMS, follower('a', 'one', 'reg.example.com/team/app:latest'));
    await store.create(IMAGE_STREAMS, follower('b', 'two', 'reg.example.com/team/app:latest'));
    await store.create(IMAGE_STREAMS, follower('b', 'other', 'reg.example.com/team/api:latest'));
    const calls: ImportTagRequest[][] = [];
    const coalescer = new PushCoalescer({ importer: { importTags: async (r) => void calls.push(r) } });
    const handler = createPushHandler({ store, coalescer });
    const matched = await handler.handle([
      {
        registryHost: 'reg.example.com',
        repository: 'team/app',
        tag: 'latest',
        digest: D1,
        source: 'harbor',
        receivedAt: AT,
      },
    ]);
    expect(matched).toHaveLength(2);
    await coalescer.stop();
    // one import per stream tag, each started as the event arrived
    expect(calls).toEqual([
      [{ namespace: 'a', stream: 'one', tag: 'latest', expectedDigest: D1, source: 'harbor' }],
      [{ namespace: 'b', stream: 'two', tag: 'latest', expectedDigest: D1, source: 'harbor' }],
    ]);
  });

  it('names the registry of each push, as the importer keys its lanes', async () => {
    await store.create(IMAGE_STREAMS, follower('a', 'one', 'reg.example.com/team/app:latest'));
    await store.create(IMAGE_STREAMS, follower('a', 'hub', 'nginx:latest'));
    const recorded: PendingPush[] = [];
    const handler = createPushHandler({ store, record: async (p) => void recorded.push(...p) });
    const event = { tag: 'latest', source: 'harbor' as const, receivedAt: AT };
    await handler.handle([
      { ...event, registryHost: 'reg.example.com', repository: 'team/app' },
      { ...event, registryHost: 'registry-1.docker.io', repository: 'library/nginx' },
    ]);
    expect(recorded.map((p) => [p.stream, p.registry])).toEqual([
      ['one', 'reg.example.com'],
      ['hub', 'docker.io'],
    ]);
  });

  it('does not read the store for a notification without pushes', async () => {
    await store.close();
    const coalescer = new PushCoalescer({ importer: { importTags: async () => undefined } });
    await expect(createPushHandler({ store, coalescer }).handle([])).resolves.toEqual([]);
    store = await memoryStore();
  });
});

describe('push-to-tag-updated latency', () => {
  async function observations(): Promise<number> {
    const metric = await metricsRegistry.getSingleMetric('imagestreams_push_to_tag_updated_seconds')?.get();
    const values = (metric?.values ?? []) as Array<{ metricName?: string; value: number }>;
    return values.find((v) => v.metricName === 'imagestreams_push_to_tag_updated_seconds_count')?.value ?? 0;
  }

  it('measures from the first push notification to the tag move, once', async () => {
    const tracker = new PushLatencyTracker();
    const before = await observations();
    tracker.notePush('a/s:latest', new Date(1000));
    tracker.notePush('a/s:latest', new Date(1500));
    expect(tracker.tagUpdated('a/s:latest', new Date(3000))).toBe(2);
    expect(tracker.tagUpdated('a/s:latest', new Date(4000))).toBeUndefined();
    expect(await observations()).toBe(before + 1);
  });

  it('ignores moves without a push and pushes that are too old', () => {
    const tracker = new PushLatencyTracker(10, 1000);
    expect(tracker.tagUpdated('x', new Date())).toBeUndefined();
    tracker.notePush('y', new Date(0));
    expect(tracker.tagUpdated('y', new Date(5000))).toBeUndefined();
  });

  it('forgets the oldest push when full', () => {
    const tracker = new PushLatencyTracker(2);
    tracker.notePush('a', new Date(0));
    tracker.notePush('b', new Date(0));
    tracker.notePush('c', new Date(0));
    expect(tracker.tagUpdated('a', new Date(10))).toBeUndefined();
    expect(tracker.tagUpdated('c', new Date(10))).toBe(0.01);
  });
});
