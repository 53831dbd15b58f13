import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { closeInterruptedRollouts, INTERRUPTED_REASON } from '../../../src/triggers/close-interrupted.js';
import { rolloutObject, ROLLOUTS } from '../../../src/triggers/rollout-store.js';
import type { RolloutRecord } from '../../../src/triggers/rollout-record.js';

const from = { namespace: 'default', stream: 'app', tag: 'latest' };
const record = (id: string, finished?: string): RolloutRecord => ({
  id,
  target: 'docker:compose/shop/web',
  containers: ['web-1', 'web-2'],
  fromDigest: `sha256:${'a'.repeat(64)}`,
  toDigest: `sha256:${'b'.repeat(64)}`,
  toReference: `127.0.0.1:5000/app@sha256:${'b'.repeat(64)}`,
  started: '2026-11-27T04:00:00.000Z',
  finished,
  result: finished ? 'Succeeded' : undefined,
  steps: [{ at: '2026-11-27T04:00:01.000Z', container: 'web-1', action: 'create', ok: true }],
});

describe('closing rollouts a dead leader left open', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('closes open records as Failed with the recovery that touched them, and leaves finished ones alone', async () => {
    await store.create(ROLLOUTS, rolloutObject(record('open-1'), from));
    await store.create(ROLLOUTS, rolloutObject(record('open-2'), from));
    await store.create(ROLLOUTS, rolloutObject(record('done', '2026-11-27T04:01:00.000Z'), from));
    const closed = await closeInterruptedRollouts(
      store,
      [{ container: 'web-2', action: 'undone', rolloutId: 'open-1' }],
      new Date('2026-11-27T04:05:00.000Z'),
    );
    expect(closed).toBe(2);
    const status = async (name: string) =>
      (await store.get(ROLLOUTS, 'default', name))?.status as Record<string, unknown>;
    expect(await status('open-1')).toMatchObject({
      result: 'Failed',
      finished: '2026-11-27T04:05:00.000Z',
      reason: `${INTERRUPTED_REASON}; recovery on restart: web-2: half-done replacement undone`,
    });
    expect((await status('open-1')).steps).toHaveLength(1);
    expect(await status('open-2')).toMatchObject({ result: 'Failed', reason: INTERRUPTED_REASON });
    expect(await status('done')).toMatchObject({ result: 'Succeeded', finished: '2026-11-27T04:01:00.000Z' });
    expect(await closeInterruptedRollouts(store, [], new Date())).toBe(0);
  });
});
