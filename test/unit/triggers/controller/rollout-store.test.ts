import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../../../src/store/store.js';
import { createEventRecorder } from '../../../../src/notifications/index.js';
import type { RolloutRecord } from '../../../../src/triggers/rollout-record.js';
import {
  createRolloutStore,
  recordOf,
  rolloutObject,
  ROLLOUTS,
  TRIGGER_STATES,
  triggerStateName,
} from '../../../../src/triggers/rollout-store.js';
import { rolloutRow, triggerStateRow } from '../../../../src/triggers/controller/rollout-columns.js';
import { memoryStore, V1, V2 } from './fixtures.js';

const FROM = { namespace: 'default', stream: 'app', tag: 'latest' };
const record: RolloutRecord = {
  id: '0b6f3c8e-1d2a-4c55-9e43-5a0c7a1f2b3c',
  target: 'docker:compose/shop/web',
  containers: ['shop-web-1', 'shop-web-2'],
  fromDigest: V1,
  toDigest: V2,
  toReference: `reg/app@${V2}`,
  started: '2026-01-01T00:00:00.000Z',
  finished: '2026-01-01T00:00:09.000Z',
  result: 'RolledBack',
  reason: 'shop-web-1: unhealthy',
  rejectedDigest: V2,
  steps: [{ at: '2026-01-01T00:00:01.000Z', container: '', action: 'pull', ok: true }],
};

let store: Store;
beforeEach(async () => {
  store = await memoryStore();
});
afterEach(async () => {
  await store.close();
});

describe('rollout objects', () => {
  it('round-trip a record through the stored Rollout', () => {
    expect(
      recordOf({ ...rolloutObject(record, FROM), metadata: { name: record.id, namespace: 'default' } }),
    ).toEqual({ ...record, phase: 'RolledBack' });
  });

  it('read a stored result that is not a RolloutResult as none', () => {
    const stored = { ...rolloutObject(record, FROM), metadata: { name: record.id, namespace: 'default' } };
    const odd = JSON.parse(JSON.stringify({ ...stored, status: { ...stored.status, result: 'Exploded' } }));
    expect(recordOf(odd).result).toBeUndefined();
  });

  it('name trigger states with valid, distinct DNS subdomains', () => {
    const a = triggerStateName({ target: 'docker:container/My_App.1', from: FROM });
    const b = triggerStateName({ target: 'docker:container/my-app.1', from: FROM });
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    expect(a).not.toBe(b);
  });
});

describe('createRolloutStore', () => {
  it('keeps the Rollout up to date through the recorder and records an Event when it ends', async () => {
    const rollouts = createRolloutStore({ store, events: createEventRecorder({ store }) });
    const recorder = rollouts.recorder(FROM);
    await recorder.progress?.({ ...record, result: undefined, finished: undefined, steps: [] });
    expect((await store.get(ROLLOUTS, 'default', record.id))?.status).not.toHaveProperty('result');
    expect((await store.get(ROLLOUTS, 'default', record.id))?.status).toHaveProperty('phase', 'Running');
    await recorder.finished(record);
    expect(recordOf((await store.get(ROLLOUTS, 'default', record.id))!)).toEqual({
      ...record,
      phase: 'RolledBack',
    });
    const events = await store.list(
      { group: '', resource: 'events', namespaced: true },
      { namespace: 'default' },
    );
    expect(events.items.map((e) => [e.type, e.reason])).toEqual([['Warning', 'RolloutRolledBack']]);
    expect((await rollouts.listRollouts('default')).map((r) => r.id)).toEqual([record.id]);
  });

  it('stores trigger state per target and tag, with warnings, and reads it back', async () => {
    const rollouts = createRolloutStore({ store });
    const key = { target: 'docker:container/web', from: FROM };
    expect(await rollouts.getState(key)).toEqual({});
    await rollouts.saveState(key, { lastTriggeredDigest: V2, rejectedDigests: [V2] }, [
      { index: undefined, field: 'imagestreams.io/follow', message: 'ignored' },
    ]);
    await rollouts.saveState(key, { lastTriggeredDigest: V1, rejectedDigests: [V2] });
    expect(await rollouts.getState(key)).toEqual({ lastTriggeredDigest: V1, rejectedDigests: [V2] });
    const obj = await store.get(TRIGGER_STATES, 'default', triggerStateName(key));
    expect((obj?.status as { warnings?: unknown[] }).warnings).toHaveLength(1);
    expect(await rollouts.getState({ ...key, target: 'docker:container/other' })).toEqual({});
  });
});

describe('rolloutRow', () => {
  it('shows target, tag, short digests, result and age, with the reason when wide', () => {
    const obj = rolloutObject(record, FROM);
    const row = rolloutRow(obj, new Date('2026-01-01T00:02:00.000Z'));
    expect(row.cells).toEqual([
      record.id,
      'docker:compose/shop/web',
      'app:latest',
      V1.slice(0, 19),
      V2.slice(0, 19),
      'RolledBack',
      '2m',
    ]);
    expect(row.wide).toEqual(['shop-web-1: unhealthy']);
    const running = rolloutObject({ ...record, result: undefined, fromDigest: undefined }, FROM);
    expect(rolloutRow(running, new Date()).cells.slice(3, 6)).toEqual(['<none>', V2.slice(0, 19), 'Running']);
  });

  it('shows a field that is absent or of another type (any server may answer isctl) as an empty cell', () => {
    const obj = rolloutObject(record, FROM);
    const odd = {
      ...obj,
      spec: { ...obj.spec, target: 7, from: 'app:latest', toDigest: null },
      status: {
        phase: ['x'],
        result: 'Failed',
        started: '2026-01-01T00:01:00.000Z',
        reason: 'r',
        message: 3,
      },
    };
    expect(rolloutRow(odd, new Date('2026-01-01T00:02:00.000Z'))).toEqual({
      cells: [record.id, '', '', V1.slice(0, 19), '', 'Failed', '60s'],
      wide: ['r'],
    });
    expect(rolloutRow({ ...obj, spec: 'x', status: null }, new Date()).cells.slice(1, 6)).toEqual([
      '',
      '',
      '<none>',
      '',
      'Running',
    ]);
  });
});

describe('triggerStateRow', () => {
  it('counts rejected digests and warnings, and reads paused only when it is true', () => {
    const state = {
      apiVersion: 'imagestreams.io/v1',
      kind: 'TriggerState',
      metadata: { name: 's' },
      spec: {
        target: 'docker:container/web',
        from: { kind: 'ImageStreamTag', name: 'app:latest' },
        paused: 'yes',
      },
      status: { lastTriggeredDigest: V1, rejectedDigests: [V2, 'x'], warnings: 'none' },
    };
    expect(triggerStateRow(state).cells).toEqual([
      's',
      'docker:container/web',
      'app:latest',
      V1.slice(0, 19),
      '2',
      '0',
      'false',
    ]);
    expect(triggerStateRow({ ...state, spec: { ...state.spec, paused: true } }).cells[6]).toBe('true');
  });
});
