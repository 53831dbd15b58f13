import { beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import { IMAGES, ROLLOUTS, TRIGGER_STATES } from '../../../../src/store/resource-types.js';
import { pausedStateObject, withPaused } from '../../../../src/triggers/pause-request.js';
import { triggerStateName } from '../../../../src/triggers/rollout-store.js';
import type { Store } from '../../../../src/store/store.js';
import { createGateKeeper, type GateKeeper } from '../../../../src/triggers/gates/gate-keeper.js';
import type { GatedSubject } from '../../../../src/triggers/gates/gated-record.js';
import { parseGates, type Gates } from '../../../../src/triggers/gates/gates.js';
import { gateEvents } from '../../../../src/triggers/gates/metrics.js';
import { memoryStore, V1, V2 } from '../controller/fixtures.js';

const subject = (digest: string): GatedSubject => ({
  target: 'docker:container/web',
  from: { namespace: 'default', stream: 'app', tag: 'latest' },
  digest,
  reference: `reg.local/default/app@${digest}`,
  containers: ['web'],
});

const gates = (labels: Record<string, string>): Gates => parseGates(labels).gates;

let store: Store;
let events: Array<{ reason: string; type: string; message: string; name: string }>;
let now: number;
let keeper: GateKeeper;

async function waitingCount(): Promise<number> {
  const m = await gateEvents.get();
  return (
    m.values.find((v) => v.labels.target === 'docker' && v.labels.event === 'RolloutWaiting')?.value ?? 0
  );
}

async function records(): Promise<KubeObject[]> {
  return (await store.list(ROLLOUTS, { namespace: 'default' })).items;
}
const status = (o: KubeObject | undefined) => (o?.status ?? {}) as Record<string, unknown>;

async function decide(name: string, approval: 'Approved' | 'Rejected'): Promise<void> {
  const o = await store.get(ROLLOUTS, 'default', name);
  if (!o) throw new Error('no record');
  await store.update(ROLLOUTS, { ...o, spec: { ...(o.spec as object), approval } });
}

beforeEach(async () => {
  store = await memoryStore();
  events = [];
  now = Date.parse('2026-01-09T23:59:30Z'); // Fri 23:59:30 UTC
  keeper = createGateKeeper({
    store,
    now: () => now,
    events: {
      record: async (o, type, reason, message) => {
        events.push({ reason, type, message, name: o.name });
      },
    },
  });
});

describe('the rollout gate keeper', () => {
  it('holds every digest of a paused trigger (its TriggerState) as Waiting, Paused; a newer supersedes; resume lets the latest go', async () => {
    const s = subject(V1);
    const name = triggerStateName(s);
    const state = await store.create(TRIGGER_STATES, pausedStateObject(s, name, true));
    const first = await keeper.pass(s, gates({}));
    expect(first).toMatchObject({ go: false, phase: 'Waiting', reason: 'Paused', final: false });
    const second = await keeper.pass(subject(V2), gates({ 'imagestreams.io/approval': 'required' }));
    expect(second).toMatchObject({ go: false, reason: 'Paused' });
    expect((await records()).map((o) => status(o).phase).sort()).toEqual(['Superseded', 'Waiting']);
    expect(events.map((e) => e.reason)).toContain('RolloutWaiting');

    await store.update(TRIGGER_STATES, withPaused(state, false));
    const resumed = await keeper.pass(subject(V2), gates({}));
    expect(resumed).toEqual({ go: true, rolloutId: second.rolloutId });
  });

  it('holds a target whose own switch says paused (a WebhookTrigger spec.paused) without a TriggerState', async () => {
    const out = await keeper.pass(subject(V1), { approval: false, paused: true });
    expect(out).toMatchObject({ go: false, phase: 'Waiting', reason: 'Paused' });
  });

  it('lets a digest go at once without gates, recording nothing', async () => {
    expect(await keeper.pass(subject(V1), gates({}))).toEqual({ go: true, rolloutId: undefined });
    expect(await records()).toEqual([]);
  });

  it('holds a digest outside its window (Waiting, OutsideWindow, next opening) and lets it go when it opens', async () => {
    const g = gates({ 'imagestreams.io/rollout-window': 'Sat 00:00-01:00 UTC' });
    const waitingBefore = await waitingCount();
    const held = await keeper.pass(subject(V1), g);
    expect(held).toMatchObject({ go: false, phase: 'Waiting', reason: 'OutsideWindow', final: false });
    expect(held.go ? 0 : held.retryAt).toBe(Date.parse('2026-01-10T00:00:00Z'));
    const [rec] = await records();
    expect(status(rec)).toMatchObject({
      phase: 'Waiting',
      reason: 'OutsideWindow',
      nextWindow: '2026-01-10T00:00:00.000Z',
    });
    await keeper.pass(subject(V1), g);
    expect(await records()).toHaveLength(1);
    expect(events.map((e) => e.reason)).toEqual(['RolloutWaiting']);
    expect(await waitingCount()).toBe(waitingBefore + 1);
    now = Date.parse('2026-01-10T00:00:00Z');
    expect(await keeper.pass(subject(V1), g)).toEqual({ go: true, rolloutId: rec?.metadata.name });
  });

  it('holds for approval until approved, then waits for the window, then goes in the same record', async () => {
    const g = gates({
      'imagestreams.io/approval': 'required',
      'imagestreams.io/rollout-window': 'Sat 00:00-01:00 UTC',
    });
    const first = await keeper.pass(subject(V1), g);
    expect(first).toMatchObject({ go: false, phase: 'AwaitingApproval', reason: 'AwaitingApproval' });
    const name = first.go ? '' : first.rolloutId;
    expect(await keeper.pass(subject(V1), g)).toMatchObject({ phase: 'AwaitingApproval' });
    await decide(name, 'Approved');
    expect(await keeper.pass(subject(V1), g)).toMatchObject({ go: false, phase: 'Waiting', rolloutId: name });
    now = Date.parse('2026-01-10T00:10:00Z');
    expect(await keeper.pass(subject(V1), g)).toEqual({ go: true, rolloutId: name });
    expect(events.map((e) => e.reason)).toEqual([
      'RolloutAwaitingApproval',
      'RolloutApproved',
      'RolloutWaiting',
    ]);
    expect(await records()).toHaveLength(1);
  });

  it('a rejected digest is final and rejected, with a Warning event, and stays so', async () => {
    const g = gates({ 'imagestreams.io/approval': 'required' });
    const first = await keeper.pass(subject(V1), g);
    await decide(first.go ? '' : first.rolloutId, 'Rejected');
    const out = await keeper.pass(subject(V1), g);
    expect(out).toMatchObject({ go: false, phase: 'Rejected', rejected: true, final: true });
    const [rec] = await records();
    expect(status(rec)).toMatchObject({ phase: 'Rejected', rejectedDigest: V1 });
    expect(status(rec).finished).toBeTypeOf('string');
    expect(events.at(-1)).toMatchObject({ reason: 'RolloutRejected', type: 'Warning' });
    expect(await keeper.pass(subject(V1), g)).toMatchObject({ rejected: true, final: true });
    expect(events.filter((e) => e.reason === 'RolloutRejected')).toHaveLength(1);
  });

  it('a newer digest supersedes a held one', async () => {
    const g = gates({ 'imagestreams.io/approval': 'required' });
    const old = await keeper.pass(subject(V1), g);
    const next = await keeper.pass(subject(V2), g);
    const byName = new Map((await records()).map((o) => [o.metadata.name, o]));
    expect(status(byName.get(old.go ? '' : old.rolloutId))).toMatchObject({
      phase: 'Superseded',
      reason: 'Superseded',
    });
    expect(status(byName.get(next.go ? '' : next.rolloutId))).toMatchObject({ phase: 'AwaitingApproval' });
    await expect(decide(old.go ? '' : old.rolloutId, 'Approved')).resolves.toBeUndefined();
    // an approval of the superseded record changes nothing: V1 is no longer what the tag says
    expect(await keeper.pass(subject(V2), g)).toMatchObject({ phase: 'AwaitingApproval' });
  });

  it('does not roll a digest whose manifest list lacks the platform (final, PlatformMissing)', async () => {
    await store.create(IMAGES, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'Image',
      metadata: { name: V1 },
      dockerImageReference: `reg.local/default/app@${V1}`,
      dockerImageLayers: [],
      dockerImageManifests: [
        { digest: V2, mediaType: 'x', manifestSize: 1, os: 'linux', architecture: 'amd64' },
      ],
    } as KubeObject);
    const host = { os: 'linux', architecture: 'arm64' };
    const out = await keeper.pass(subject(V1), gates({ 'imagestreams.io/platform': 'required' }), host);
    expect(out).toMatchObject({ go: false, phase: 'Skipped', reason: 'PlatformMissing', final: true });
    expect(out.go ? '' : out.message).toContain('linux/arm64');
    expect(events.at(-1)).toMatchObject({ reason: 'RolloutPlatformMissing', type: 'Warning' });
    expect(
      await keeper.pass(subject(V1), gates({ 'imagestreams.io/platform': 'required' }), host),
    ).toMatchObject({ final: true, reason: 'PlatformMissing' });
    // the host that has it
    const amd = createGateKeeper({ store, now: () => now });
    const other = { ...subject(V1), target: 'docker:container/other' };
    expect(await amd.pass(other, gates({ 'imagestreams.io/platform': 'linux/amd64' }))).toMatchObject({
      go: true,
    });
  });

  it('holds every rollout of a target whose gate is malformed, naming the label', async () => {
    const out = await keeper.pass(subject(V1), gates({ 'imagestreams.io/rollout-window': 'Sat 1-2 UTC' }));
    expect(out).toMatchObject({ go: false, phase: 'Waiting', reason: 'InvalidGate' });
    expect(out.go ? '' : out.message).toContain('imagestreams.io/rollout-window');
    expect(events.at(-1)).toMatchObject({ reason: 'RolloutWaiting', type: 'Warning' });
  });
});
