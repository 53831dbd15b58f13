import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import type { ImageStream } from '../../../src/api/types.js';
import { matchPushEvent } from '../../../src/notifications/inbound/match.js';
import { createPushHandler, listAllStreams } from '../../../src/notifications/inbound/push-handler.js';
import type { PushEvent } from '../../../src/notifications/inbound/push-event.js';
import {
  startStreamIndex,
  type RunningStreamIndex,
} from '../../../src/notifications/inbound/stream-index.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { decodeImageStream } from '../../support/image-stream.js';
import { ForwardingStore } from '../../../src/store/forwarding-store.js';
import type { ListResult, Store } from '../../../src/store/store.js';
import { AT } from './fixtures.js';
import { memoryStore } from './store-helpers.js';
import { eventually } from '../../support/until.js';

let store: Store;
let running: RunningStreamIndex | undefined;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  running?.stop();
  running = undefined;
  await store.close();
});

function stream(namespace: string, name: string, spec: Record<string, unknown>): ImageStream {
  return decodeImageStream({ metadata: { namespace, name }, spec });
}
const from = (name: string) => ({ tags: [{ name: 'latest', from: { kind: 'DockerImage', name } }] });
const push = (repository: string, registryHost?: string, tag = 'latest'): PushEvent => ({
  repository,
  tag,
  source: 'distribution',
  receivedAt: AT,
  ...(registryHost ? { registryHost } : {}),
});

const EVENTS = [
  push('team/app', 'reg.example.com'),
  push('Team/App', 'REG.example.com:443'),
  push('team/app'),
  push('library/nginx', 'registry-1.docker.io'),
  push('nginx', 'docker.io'),
  push('nginx'),
  push('team/api', 'reg.example.com', 'v1'),
  push('nothing/here', 'reg.example.com'),
];

describe('stream index by followed repository', () => {
  it('finds exactly the matches a list of every stream finds', async () => {
    await store.create(IMAGE_STREAMS, stream('a', 'app', from('reg.example.com/team/app:latest')));
    await store.create(IMAGE_STREAMS, stream('b', 'app', from('other.example.com/team/app:latest')));
    await store.create(IMAGE_STREAMS, stream('a', 'nginx', from('nginx:latest')));
    await store.create(IMAGE_STREAMS, stream('b', 'nginx', from('docker.io/library/nginx:latest')));
    await store.create(
      IMAGE_STREAMS,
      stream('a', 'api', { dockerImageRepository: 'reg.example.com/team/api' }),
    );
    await store.create(IMAGE_STREAMS, stream('a', 'none', { tags: [{ name: 'x' }] }));
    running = startStreamIndex(store);
    await running.synced();
    expect(running.index.size).toBe(5);
    const all = await listAllStreams(store);
    for (const event of EVENTS) {
      const viaIndex = matchPushEvent(event, running.index.candidates(event));
      expect(viaIndex, `${event.registryHost ?? ''}/${event.repository}`).toEqual(matchPushEvent(event, all));
    }
    expect(matchPushEvent(EVENTS[0]!, running.index.candidates(EVENTS[0]!))).toEqual([
      { namespace: 'a', stream: 'app', tag: 'latest' },
    ]);
  });

  it('follows streams created, changed and deleted after it started', async () => {
    running = startStreamIndex(store);
    await running.synced();
    const index = running.index;
    const created = await store.create(
      IMAGE_STREAMS,
      stream('a', 's', from('reg.example.com/team/app:latest')),
    );
    await eventually(() => index.candidates(push('team/app')).length === 1);
    await store.update(IMAGE_STREAMS, { ...created, spec: from('reg.example.com/team/other:latest') });
    await eventually(() => index.candidates(push('team/app')).length === 0);
    expect(index.candidates(push('team/other'))).toHaveLength(1);
    await store.delete(IMAGE_STREAMS, 'a', 's');
    await eventually(() => index.size === 0);
  });

  it('is what the push handler looks streams up in', async () => {
    running = startStreamIndex(store);
    await running.synced();
    await store.create(IMAGE_STREAMS, stream('a', 's', from('reg.example.com/team/app:latest')));
    await eventually(() => running!.index.size === 1);
    const recorded: unknown[] = [];
    // a store whose list fails: the handler must not list
    const noList = new (class extends ForwardingStore {
      override list<T extends KubeObject>(): Promise<ListResult<T>> {
        return Promise.reject(new Error('listed'));
      }
    })(store);
    const handler = createPushHandler({
      store: noList,
      index: running,
      record: async (p) => void recorded.push(...p),
    });
    expect(await handler.handle([push('team/app', 'reg.example.com')])).toEqual([
      { namespace: 'a', stream: 's', tag: 'latest' },
    ]);
    expect(recorded).toHaveLength(1);
  });
});
