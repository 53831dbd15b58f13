import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import type { Store } from '../../../../src/store/store.js';
import { decideTrigger } from '../../../../src/triggers/decide.js';
import { AttemptLedger } from '../../../../src/triggers/controller/follow-index.js';
import { reconcileGroup, type ReconcileDeps } from '../../../../src/triggers/controller/reconcile-group.js';
import { resolveTagImage } from '../../../../src/api/tag-history.js';
import type { ImageStream } from '../../../../src/api/types.js';
import type { RolloutRecord, RolloutResult } from '../../../../src/triggers/rollout-record.js';
import { createRolloutStore, ROLLOUTS, type RolloutStore } from '../../../../src/triggers/rollout-store.js';
import type { FollowerGroup } from '../../../../src/triggers/targets/docker/index.js';
import { createGateKeeper } from '../../../../src/triggers/gates/gate-keeper.js';
import { parseGates } from '../../../../src/triggers/gates/gates.js';
import { group, memoryStore, stream, V1, V2, V3 } from './fixtures.js';

/** A Docker host reduced to what the reconcile sees: one group and the digest it runs. */
class FakeHost {
  running = V1;
  groups: FollowerGroup[] = [group('docker:compose/p/web', { ids: ['a', 'b'] })];
  outcome: RolloutResult = 'Succeeded';
  rollouts: string[] = [];
  streams = new Map<string, KubeObject>();
}

function depsFor(host: FakeHost, rollouts: RolloutStore, ledger = new AttemptLedger(3)): ReconcileDeps {
  return {
    findGroup: async (key) => host.groups.find((g) => g.key === key),
    getStream: async (ns, name) => host.streams.get(`${ns}/${name}`) as ImageStream | undefined,
    plan: async (g, s, state) =>
      decideTrigger(
        g.trigger!,
        resolveTagImage(s, g.trigger!.from.tag),
        { currentDigest: host.running },
        state,
      ),
    async rollOut(g, to, recorder): Promise<RolloutRecord> {
      host.rollouts.push(to.digest);
      const record: RolloutRecord = {
        id: `r-${host.rollouts.length}`,
        target: g.key,
        containers: g.containers.map((c) => c.name),
        fromDigest: host.running,
        toDigest: to.digest,
        toReference: to.reference,
        started: '2026-01-01T00:00:00Z',
        finished: '2026-01-01T00:00:05Z',
        result: host.outcome,
        steps: [],
        ...(host.outcome === 'RolledBack' ? { rejectedDigest: to.digest, reason: 'n-a: unhealthy' } : {}),
      };
      await recorder.progress?.({ ...record, result: undefined, finished: undefined });
      if (host.outcome === 'Succeeded') host.running = to.digest;
      await recorder.finished(record);
      return record;
    },
    states: rollouts,
    ledger,
  };
}

let store: Store;
let host: FakeHost;
let rollouts: RolloutStore;
const KEY = 'docker:compose/p/web';

beforeEach(async () => {
  store = await memoryStore();
  host = new FakeHost();
  rollouts = createRolloutStore({ store });
});
afterEach(async () => {
  await store.close();
});

describe('reconcileGroup', () => {
  it('rolls a group out when its tag moves to a new digest, and records the rollout in the store', async () => {
    host.streams.set('default/app', stream('app', [V2, V1]));
    const out = await reconcileGroup(KEY, depsFor(host, rollouts));
    expect(out.action).toBe('rolled-out');
    expect(host.rollouts).toEqual([V2]);
    const stored = (await store.list(ROLLOUTS, { namespace: 'default' })).items;
    expect(stored).toHaveLength(1);
    expect(stored[0]?.status).toMatchObject({ result: 'Succeeded' });
    expect(await rollouts.getState({ target: KEY, from: group(KEY).trigger!.from })).toEqual({
      lastTriggeredDigest: V2,
      rejectedDigests: [],
    });
  });

  it('does not roll out again after a restart (state comes from the store)', async () => {
    host.streams.set('default/app', stream('app', [V2, V1]));
    await reconcileGroup(KEY, depsFor(host, rollouts));
    host.running = V1; // a user rolled back by hand: respected until the tag moves
    const restarted = createRolloutStore({ store });
    const out = await reconcileGroup(KEY, depsFor(host, restarted, new AttemptLedger(3)));
    expect(out).toMatchObject({ action: 'skipped', reason: 'AlreadyTriggered' });
    expect(host.rollouts).toEqual([V2]);
  });

  it('rejects a digest that was rolled back and does not retry it until a newer digest arrives', async () => {
    host.streams.set('default/app', stream('app', [V3, V1]));
    host.outcome = 'RolledBack';
    expect((await reconcileGroup(KEY, depsFor(host, rollouts))).record?.result).toBe('RolledBack');
    const again = await reconcileGroup(KEY, depsFor(host, rollouts));
    expect(again).toMatchObject({ action: 'skipped', reason: 'Rejected' });
    host.outcome = 'Succeeded';
    host.streams.set('default/app', stream('app', [V2, V3, V1]));
    expect((await reconcileGroup(KEY, depsFor(host, rollouts))).record?.result).toBe('Succeeded');
    expect(host.rollouts).toEqual([V3, V2]);
    const state = await rollouts.getState({ target: KEY, from: group(KEY).trigger!.from });
    expect(state.rejectedDigests).toEqual([V3]);
  });

  it('rolls out a re-tag back to an older digest (a rollback through the stream)', async () => {
    host.streams.set('default/app', stream('app', [V2, V1]));
    await reconcileGroup(KEY, depsFor(host, rollouts));
    host.streams.set('default/app', stream('app', [V1, V2, V1]));
    expect((await reconcileGroup(KEY, depsFor(host, rollouts))).record?.result).toBe('Succeeded');
    expect(host.rollouts).toEqual([V2, V1]);
    expect(host.running).toBe(V1);
  });

  it('retries a failed rollout until the ledger gives up, then waits for a new digest', async () => {
    host.streams.set('default/app', stream('app', [V2, V1]));
    host.outcome = 'Failed';
    const deps = depsFor(host, rollouts, new AttemptLedger(2));
    await reconcileGroup(KEY, deps);
    await reconcileGroup(KEY, deps);
    expect(await reconcileGroup(KEY, deps)).toMatchObject({ action: 'gave-up' });
    expect(host.rollouts).toEqual([V2, V2]);
    expect(await rollouts.getState({ target: KEY, from: group(KEY).trigger!.from })).toEqual({
      rejectedDigests: [],
    });
    host.streams.set('default/app', stream('app', [V3, V2, V1]));
    await reconcileGroup(KEY, deps);
    expect(host.rollouts).toEqual([V2, V2, V3]);
  });

  it('acknowledges a target that already runs the tag, so a later manual rollback stays', async () => {
    host.streams.set('default/app', stream('app', [V1]));
    expect(await reconcileGroup(KEY, depsFor(host, rollouts))).toMatchObject({ reason: 'UpToDate' });
    expect(
      (await rollouts.getState({ target: KEY, from: group(KEY).trigger!.from })).lastTriggeredDigest,
    ).toBe(V1);
    expect(host.rollouts).toEqual([]);
  });

  it('skips paused triggers, tags without history, missing streams and vanished groups', async () => {
    host.streams.set('default/app', stream('app', []));
    expect(await reconcileGroup(KEY, depsFor(host, rollouts))).toMatchObject({ reason: 'NoHistory' });
    host.streams.clear();
    expect(await reconcileGroup(KEY, depsFor(host, rollouts))).toMatchObject({ action: 'no-stream' });
    host.streams.set('default/app', stream('app', [V2]));
    host.groups = [group(KEY, { paused: true })];
    expect(await reconcileGroup(KEY, depsFor(host, rollouts))).toMatchObject({ reason: 'Paused' });
    host.groups = [];
    expect(await reconcileGroup(KEY, depsFor(host, rollouts))).toMatchObject({ action: 'gone' });
    expect(host.rollouts).toEqual([]);
  });
});

describe('reconcileGroup with rollout gates', () => {
  const withGate = (labels: Record<string, string>, now: () => number) => {
    host.groups[0]!.gates = parseGates(labels).gates;
    const keeper = createGateKeeper({ store, now });
    const deps = depsFor(host, rollouts);
    deps.gate = (g, to) =>
      keeper.pass(
        { target: g.key, from: g.trigger!.from, digest: to.digest, reference: to.reference, containers: [] },
        g.gates,
      );
    deps.settleGates = (g, digest) => keeper.settle({ target: g.key, from: g.trigger!.from, digest });
    return deps;
  };

  it('holds a rollout outside its window, says when to come back, and runs it into the held record then', async () => {
    host.streams.set('default/app', stream('app', [V2, V1]));
    let now = Date.parse('2026-01-09T23:59:30Z');
    const deps = withGate({ 'imagestreams.io/rollout-window': 'Sat 00:00-01:00 UTC' }, () => now);
    const out = await reconcileGroup(KEY, deps);
    expect(out).toMatchObject({ action: 'held', retryAt: Date.parse('2026-01-10T00:00:00Z') });
    expect(host.rollouts).toEqual([]);
    const [held] = (await store.list(ROLLOUTS, { namespace: 'default' })).items;
    now = Date.parse('2026-01-10T00:00:00Z');
    let usedId: string | undefined;
    const roll = deps.rollOut;
    deps.rollOut = (g, to, r) => {
      usedId = to.rolloutId;
      return roll(g, to, r);
    };
    expect((await reconcileGroup(KEY, deps)).action).toBe('rolled-out');
    expect(usedId).toBe(held?.metadata.name);
    expect(host.rollouts).toEqual([V2]);
  });

  it('a rejected approval marks the digest rejected in the trigger state, as a failed health gate does', async () => {
    host.streams.set('default/app', stream('app', [V2, V1]));
    const deps = withGate({ 'imagestreams.io/approval': 'required' }, () => Date.now());
    expect((await reconcileGroup(KEY, deps)).action).toBe('held');
    const [held] = (await store.list(ROLLOUTS, { namespace: 'default' })).items;
    await store.update(ROLLOUTS, { ...held!, spec: { ...(held!.spec as object), approval: 'Rejected' } });
    expect((await reconcileGroup(KEY, deps)).action).toBe('held');
    expect(await rollouts.getState({ target: KEY, from: group(KEY).trigger!.from })).toEqual({
      lastTriggeredDigest: V2,
      rejectedDigests: [V2],
    });
    expect((await reconcileGroup(KEY, deps)).reason).toBe('Rejected');
    expect(host.rollouts).toEqual([]);
  });

  it('a held rollout ends Superseded when the tag moves back to what the group runs', async () => {
    host.streams.set('default/app', stream('app', [V2, V1]));
    const deps = withGate({ 'imagestreams.io/approval': 'required' }, () => Date.now());
    expect((await reconcileGroup(KEY, deps)).action).toBe('held');
    host.streams.set('default/app', stream('app', [V1, V2]));
    expect((await reconcileGroup(KEY, deps)).reason).toBe('UpToDate');
    const [rec] = (await store.list(ROLLOUTS, { namespace: 'default' })).items;
    expect(rec?.status).toMatchObject({ phase: 'Superseded', message: `superseded by ${V1}` });
    expect(host.rollouts).toEqual([]);
  });
});
