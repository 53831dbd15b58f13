import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createEventRecorder,
  eventName,
  shortDigest,
  tagUpdatedMessage,
} from '../../../src/notifications/outbound/event-recorder.js';
import { deleteExpiredEvents, startEventSweeper } from '../../../src/notifications/outbound/event-ttl.js';
import { EVENTS } from '../../../src/store/resource-types.js';
import type { Store } from '../../../src/store/store.js';
import { D1, D2 } from './fixtures.js';
import { eventually } from '../../support/until.js';
import { manualClock } from '../../support/manual-clock.js';
import { memoryStore } from './store-helpers.js';

let store: Store;
let now = new Date('2026-01-01T00:00:00Z');
beforeEach(async () => {
  store = await memoryStore();
  now = new Date('2026-01-01T00:00:00Z');
});
afterEach(async () => store.close());

describe('tag update messages', () => {
  it('abbreviates digests and says from what to what the tag moved', () => {
    expect(shortDigest(D1)).toBe('sha256:aaaaaaaaaaaa…');
    expect(tagUpdatedMessage({ stream: 'app', tag: 'latest', oldDigest: D1, newDigest: D2 })).toBe(
      'Tag app:latest moved from sha256:aaaaaaaaaaaa… to sha256:bbbbbbbbbbbb…',
    );
    expect(tagUpdatedMessage({ stream: 'app', tag: 'v1', newDigest: D2 })).toBe(
      'Tag app:v1 set to sha256:bbbbbbbbbbbb…',
    );
  });

  it('makes unique DNS-subdomain event names from any object name', () => {
    const a = eventName('app', now);
    const b = eventName('app', now);
    expect(a).toMatch(/^app\.[0-9a-f]+$/);
    expect(a).not.toBe(b);
    expect(eventName('My_Stream', now)).toMatch(/^my-stream\.[0-9a-f]+$/);
  });
});

describe('EventRecorder', () => {
  it('writes a core/v1 Event about the image stream', async () => {
    const recorder = createEventRecorder({ store, now: () => now });
    await recorder.recordTagUpdated({
      namespace: 'team',
      stream: 'app',
      uid: 'uid-1',
      tag: 'latest',
      oldDigest: D1,
      newDigest: D2,
      reference: `reg/app@${D2}`,
    });
    const { items } = await store.list(EVENTS, { namespace: 'team' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      involvedObject: {
        kind: 'ImageStream',
        apiVersion: 'image.openshift.io/v1',
        name: 'app',
        namespace: 'team',
        uid: 'uid-1',
      },
      reason: 'TagUpdated',
      type: 'Normal',
      message: 'Tag app:latest moved from sha256:aaaaaaaaaaaa… to sha256:bbbbbbbbbbbb…',
      source: { component: 'imagestreams' },
      count: 1,
      firstTimestamp: '2026-01-01T00:00:00.000Z',
      lastTimestamp: '2026-01-01T00:00:00.000Z',
    });
    expect(items[0]?.metadata.name).toMatch(/^app\.[0-9a-f]+$/);
  });

  it('counts a repeated warning on one Event and starts a new one after ten minutes', async () => {
    const recorder = createEventRecorder({ store, now: () => now });
    const involved = { kind: 'Deployment', apiVersion: 'apps/v1', name: 'web', namespace: 'team' };
    await recorder.record(involved, 'Warning', 'TriggerFailed', 'container web not found');
    now = new Date(now.getTime() + 60_000);
    await recorder.record(involved, 'Warning', 'TriggerFailed', 'container web not found');
    let { items } = await store.list(EVENTS, { namespace: 'team' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      count: 2,
      type: 'Warning',
      firstTimestamp: '2026-01-01T00:00:00.000Z',
      lastTimestamp: '2026-01-01T00:01:00.000Z',
    });
    now = new Date(now.getTime() + 11 * 60_000);
    await recorder.record(involved, 'Warning', 'TriggerFailed', 'container web not found');
    ({ items } = await store.list(EVENTS, { namespace: 'team' }));
    expect(items).toHaveLength(2);
  });

  it('recreates an aggregated Event that was deleted meanwhile', async () => {
    const recorder = createEventRecorder({ store, now: () => now });
    const involved = {
      kind: 'ImageStream',
      apiVersion: 'image.openshift.io/v1',
      name: 'app',
      namespace: 'team',
    };
    const first = await recorder.record(involved, 'Warning', 'X', 'y');
    await store.delete(EVENTS, 'team', first!.metadata.name);
    expect(await recorder.record(involved, 'Warning', 'X', 'y')).toMatchObject({ count: 1 });
  });

  it('never throws when the store refuses the write', async () => {
    const recorder = createEventRecorder({ store, now: () => now });
    await store.close();
    await expect(
      recorder.recordTagUpdated({
        namespace: 'team',
        stream: 'app',
        tag: 't',
        newDigest: D1,
        reference: 'r',
      }),
    ).resolves.toBeUndefined();
    store = await memoryStore();
  });
});

describe('event TTL', () => {
  it('deletes Events last seen before the TTL and keeps newer ones', async () => {
    const recorder = createEventRecorder({ store, now: () => now });
    const involved = {
      kind: 'ImageStream',
      apiVersion: 'image.openshift.io/v1',
      name: 'app',
      namespace: 'team',
    };
    await recorder.record(involved, 'Normal', 'Old', 'old');
    now = new Date(now.getTime() + 50 * 60_000);
    await recorder.record(involved, 'Normal', 'New', 'new');
    const deleted = await deleteExpiredEvents(store, new Date(now.getTime() + 20 * 60_000), 60 * 60_000);
    expect(deleted).toBe(1);
    const { items } = await store.list(EVENTS);
    expect(items.map((e) => e.reason)).toEqual(['New']);
  });

  it('sweeps periodically with chained timers until stopped', async () => {
    const clock = manualClock(now.getTime());
    const sweeper = startEventSweeper({ store, ttlMs: 1000, intervalMs: 60_000, clock });
    await createEventRecorder({ store, now: () => new Date(clock.now()) }).record(
      { kind: 'X', apiVersion: 'v1', name: 'x', namespace: 'team' },
      'Normal',
      'R',
      'm',
    );
    expect(clock.pendingDelays()).toEqual([60_000]);
    clock.advance(60_000);
    // the next timer is set only once the sweep has finished
    expect(clock.pendingDelays()).toEqual([]);
    await eventually(() => clock.pendingDelays().length === 1);
    expect((await store.list(EVENTS)).items).toHaveLength(0);
    sweeper.stop();
    expect(clock.pendingDelays()).toEqual([]);
  });
});
