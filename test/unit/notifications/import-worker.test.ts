import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportTagRequest } from '../../../src/notifications/inbound/import-requester.js';
import { startImportWorker, type ImportWorker } from '../../../src/notifications/work/import-worker.js';
import { PENDING_IMPORTS } from '../../../src/notifications/work/pending-import.js';
import { recordPendingImport } from '../../../src/notifications/work/record-pending.js';
import type { Store } from '../../../src/store/store.js';
import { D1, D2 } from './fixtures.js';
import { memoryStore } from './store-helpers.js';
import { eventually } from '../../support/until.js';
import { manualClock, type ManualClock } from '../../support/manual-clock.js';

const START = Date.UTC(2026, 0, 1);

const push = (tag: string, atMs: number, digest?: string, source = 'distribution', registry?: string) => ({
  namespace: 'ns',
  stream: 'app',
  tag,
  source,
  receivedAt: new Date(atMs),
  ...(digest ? { digest } : {}),
  ...(registry ? { registry } : {}),
});

async function pendingNames(store: Store): Promise<string[]> {
  return (await store.list(PENDING_IMPORTS)).items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`);
}

describe('pending import worker', () => {
  let store: Store;
  let worker: ImportWorker | undefined;
  let clock: ManualClock;
  const calls: ImportTagRequest[][] = [];
  const recording = { importTags: async (r: ImportTagRequest[]) => void calls.push(r) };

  beforeEach(async () => {
    store = await memoryStore();
    clock = manualClock(START);
    calls.length = 0;
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    await store.close();
  });

  it('imports what a dead leader left at once, then deletes the work', async () => {
    await recordPendingImport(store, push('latest', START - 60_000, D1));
    await recordPendingImport(store, push('v1', START - 60_000));
    worker = startImportWorker({ store, importer: recording, clock });
    await eventually(async () => (await pendingNames(store)).length === 0);
    expect(calls.flat().sort((a, b) => a.tag.localeCompare(b.tag))).toEqual([
      { namespace: 'ns', stream: 'app', tag: 'latest', expectedDigest: D1, source: 'distribution' },
      { namespace: 'ns', stream: 'app', tag: 'v1', source: 'distribution' },
    ]);
  });

  it('waits for the coalescing window from the first notification, and imports a burst once', async () => {
    worker = startImportWorker({ store, importer: recording, clock, windowMs: 500 });
    await recordPendingImport(store, push('latest', START, D1, 'quay'));
    await eventually(() => clock.pendingDelays().length === 1);
    expect(clock.pendingDelays()).toEqual([500]);
    await recordPendingImport(store, push('latest', START + 100, D2));
    // another tag's notification, seen after the merge (the watch is ordered): the merge kept the
    // window of the first notification and set no timer of its own
    await recordPendingImport(store, push('barrier', START + 100));
    await eventually(() => clock.pendingDelays().length === 2);
    expect(clock.pendingDelays()).toEqual([500, 500]);
    expect(calls).toEqual([]);
    clock.advance(500);
    await eventually(async () => (await pendingNames(store)).length === 0);
    expect(calls.filter((c) => c[0]?.tag === 'latest')).toEqual([
      [{ namespace: 'ns', stream: 'app', tag: 'latest', expectedDigest: D2, source: 'distribution,quay' }],
    ]);
  });

  it('a notification merged in during the import keeps the work, and the tag is imported again', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((r) => (release = r));
    let n = 0;
    const importer = {
      async importTags(r: ImportTagRequest[]) {
        calls.push(r);
        if (n++ === 0) await blocked;
      },
    };
    await recordPendingImport(store, push('latest', START - 10_000, D1));
    worker = startImportWorker({ store, importer, clock, windowMs: 500 });
    await eventually(() => calls.length === 1);
    await recordPendingImport(store, push('latest', START, D2));
    release();
    await eventually(async () => calls.length === 2);
    clock.advance(500);
    await eventually(async () => (await pendingNames(store)).length === 0);
    expect(calls.map((c) => c[0]?.expectedDigest)).toEqual([D1, D2]);
    await worker.idle();
    expect(calls).toHaveLength(2);
  });

  it('imports a fresh notification at once, with no timer', async () => {
    worker = startImportWorker({ store, importer: recording, clock });
    await recordPendingImport(store, push('latest', START, D1));
    await eventually(async () => (await pendingNames(store)).length === 0);
    expect(calls).toEqual([
      [{ namespace: 'ns', stream: 'app', tag: 'latest', expectedDigest: D1, source: 'distribution' }],
    ]);
    expect(clock.pendingDelays()).toEqual([]);
  });

  it('duplicates arriving during an import cause exactly one follow-up import', async () => {
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((r) => (release = r));
    const importer = {
      async importTags(r: ImportTagRequest[]) {
        calls.push(r);
        if (calls.length === 1) await blocked;
      },
    };
    worker = startImportWorker({ store, importer, clock });
    await recordPendingImport(store, push('latest', START, D1));
    await eventually(() => calls.length === 1);
    for (let i = 1; i <= 5; i++) await recordPendingImport(store, push('latest', START + i, D2, 'quay'));
    // another tag imported after them (the watch is ordered): every merge was delivered before
    // the first import ends
    await recordPendingImport(store, push('barrier', START + 6));
    await eventually(() => calls.some((c) => c[0]?.tag === 'barrier'));
    release();
    await eventually(async () => (await pendingNames(store)).length === 0);
    await worker.idle();
    const latest = calls.filter((c) => c[0]?.tag === 'latest');
    expect(latest.map((c) => c[0]?.expectedDigest)).toEqual([D1, D2]);
    expect(latest[1]?.[0]?.source).toBe('distribution,quay');
  });

  it('keeps the work when the import fails on our side, and retries it with backoff', async () => {
    let failing = true;
    const importer = {
      async importTags(r: ImportTagRequest[]) {
        calls.push(r);
        if (failing) throw new Error('store unavailable');
      },
    };
    await recordPendingImport(store, push('latest', START - 10_000, D1));
    worker = startImportWorker({ store, importer, clock, retryBaseDelayMs: 1000 });
    await eventually(() => calls.length === 1 && clock.pendingDelays().includes(1000));
    expect(await pendingNames(store)).toEqual(['ns/app:latest']);
    failing = false;
    clock.advance(1000);
    await eventually(async () => (await pendingNames(store)).length === 0);
    expect(calls).toHaveLength(2);
  });

  it('a registry whose imports hang does not delay imports from another registry', async () => {
    const stuck: string[] = [];
    const imported: string[] = [];
    const answer: Array<() => void> = [];
    let hung = true;
    const importer = {
      importTags(r: ImportTagRequest[]): Promise<void> {
        const tag = r[0]?.tag ?? '';
        if (tag.startsWith('slow') && hung) {
          stuck.push(tag);
          return new Promise<void>((resolve) => answer.push(resolve)); // answers only when told
        }
        imported.push(tag);
        return Promise.resolve();
      },
    };
    // more hanging tags than a lane has workers (default 4); then a push to another registry
    worker = startImportWorker({ store, importer, clock });
    for (let i = 0; i < 6; i++)
      await recordPendingImport(store, push(`slow${i}`, START - 10_000, D1, 'distribution', 'slow.example'));
    await eventually(() => stuck.length === 4);
    await recordPendingImport(store, push('fast', START - 10_000, D2, 'distribution', 'fast.example'));
    await eventually(() => imported.includes('fast'));
    await eventually(async () => !(await pendingNames(store)).includes('ns/app:fast'));
    expect(stuck).toHaveLength(4);
    expect((await pendingNames(store)).filter((n) => n.includes('slow'))).toHaveLength(6);
    // the hung registry answers at last: its lane drains too
    hung = false;
    answer.forEach((release) => release());
    await eventually(async () => (await pendingNames(store)).length === 0);
  });

  it('imports nothing once this replica no longer leads', async () => {
    await recordPendingImport(store, push('latest', START - 10_000, D1));
    let asked = 0;
    const isLeader = (): boolean => {
      asked++;
      return false;
    };
    worker = startImportWorker({ store, importer: recording, clock, isLeader });
    await eventually(() => asked > 0);
    await worker.idle();
    expect(calls).toEqual([]);
    expect(await pendingNames(store)).toEqual(['ns/app:latest']);
  });
});
