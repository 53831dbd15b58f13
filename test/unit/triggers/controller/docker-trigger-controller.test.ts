/**
 * The controller's wake-ups with an injected clock and a Docker stand-in that only lists
 * containers (all pinned, so a reconcile decides without inspecting): which store changes and
 * timer ticks lead to a reconcile of which group. Every reconcile discovers afresh, which is
 * what the stand-in counts.
 */
import type Docker from 'dockerode';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../../../support/manual-clock.js';
import type { Store } from '../../../../src/store/store.js';
import {
  startDockerTriggerController,
  type DockerTriggerController,
} from '../../../../src/triggers/controller/docker-trigger-controller.js';
import { IMAGE_STREAMS } from '../../../../src/store/resource-types.js';
import { createRolloutStore } from '../../../../src/triggers/rollout-store.js';
import { memoryStore, stream, V1, V2 } from './fixtures.js';

const FOLLOW = 'imagestreams.io/follow';

function fakeDocker(): { docker: Docker; discoveries: () => number } {
  let discoveries = 0;
  const containers = [
    {
      Id: 'a1',
      Names: ['/web'],
      Labels: { [FOLLOW]: 'app:latest', 'imagestreams.io/pinned': 'true' },
      State: 'running',
    },
  ];
  const docker = {
    async listContainers(opts: { filters: { label: string[] } }) {
      const label = opts.filters.label[0];
      if (label === FOLLOW) discoveries++;
      return label === FOLLOW ? containers : [];
    },
    async getEvents() {
      throw new Error('no Docker events in unit tests');
    },
  } as unknown as Docker;
  return { docker, discoveries: () => discoveries };
}

let store: Store;
let controller: DockerTriggerController | undefined;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  await controller?.stop();
  await store.close();
});

describe('startDockerTriggerController', () => {
  it('reconciles a group when its stream moves, not for other streams, and on every resync tick', async () => {
    const clock = manualClock();
    const fake = fakeDocker();
    await store.create(IMAGE_STREAMS, stream('app', [V1]));
    controller = await startDockerTriggerController({
      docker: fake.docker,
      store,
      rollouts: createRolloutStore({ store }),
      clock,
      resyncIntervalMs: 30_000,
    });
    await controller.idle();
    expect(controller.groups().map((g) => g.key)).toEqual(['docker:container/web']);
    const afterStart = fake.discoveries();

    await store.create(IMAGE_STREAMS, stream('unrelated', [V2]));
    const app = await store.get(IMAGE_STREAMS, 'default', 'app');
    await store.update(IMAGE_STREAMS, { ...stream('app', [V2, V1]), metadata: app!.metadata });
    await vi.waitFor(() => expect(fake.discoveries()).toBe(afterStart + 1));
    await controller.idle();

    clock.advance(29_000);
    expect(fake.discoveries()).toBe(afterStart + 1);
    clock.advance(1_000);
    // the tick re-discovers, then reconciles the group (which discovers it afresh)
    await vi.waitFor(() => expect(fake.discoveries()).toBe(afterStart + 3));
  });
});
