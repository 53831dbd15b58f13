/** The pending import worker when the store's watch breaks: a 410, then store errors (backoff on a manual clock). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gone, internalError } from '../../../src/api/status-error.js';
import type { ImportTagRequest } from '../../../src/notifications/inbound/import-requester.js';
import { startImportWorker, type ImportWorker } from '../../../src/notifications/work/import-worker.js';
import { PENDING_IMPORTS } from '../../../src/notifications/work/pending-import.js';
import { recordPendingImport } from '../../../src/notifications/work/record-pending.js';
import type { Store } from '../../../src/store/store.js';
import { breakableStore, type BreakableStore } from '../../support/breakable-store.js';
import { recordingClock, type RecordingClock } from '../../support/recording-clock.js';
import { D1, D2 } from './fixtures.js';
import { memoryStore } from './store-helpers.js';
import { eventually } from '../../support/until.js';

let inner: Store;
let store: BreakableStore;
let clock: RecordingClock;
let worker: ImportWorker | undefined;
/** answers of imports left hanging, given before the worker stops */
const hanging: Array<() => void> = [];

/** delays of watch restarts (the closed windows schedule none, or 0) */
const restartDelays = (): number[] => clock.delays.filter((d) => d > 0);

const push = (tag: string, digest: string, registry: string) => ({
  namespace: 'ns',
  stream: 'app',
  tag,
  source: 'distribution',
  receivedAt: new Date(-60_000),
  digest,
  registry,
});

const pending = async (): Promise<string[]> =>
  (await store.list(PENDING_IMPORTS)).items.map((i) => i.metadata.name);

beforeEach(async () => {
  inner = await memoryStore();
  store = breakableStore(inner);
  clock = recordingClock();
});
afterEach(async () => {
  hanging.splice(0).forEach((answer) => answer());
  await worker?.stop();
  worker = undefined;
  await inner.close();
});

describe('pending import worker over a breaking watch', () => {
  it('relists at once after a 410, keeps a hung registry in its lane, and imports work stored meanwhile', async () => {
    const slow: string[] = [];
    const imported: string[] = [];
    const importer = {
      importTags(r: ImportTagRequest[]): Promise<void> {
        const tag = r[0]?.tag ?? '';
        if (tag === 'slow') {
          slow.push(tag);
          return new Promise<void>((answer) => hanging.push(answer)); // answers only at the end
        }
        imported.push(tag);
        return Promise.resolve();
      },
    };
    worker = startImportWorker({ store, importer, clock });
    await eventually(() => store.liveWatches() === 1);
    await recordPendingImport(store, push('slow', D1, 'slow.example'));
    await eventually(() => slow.length === 1);

    store.breakWatches(gone('too old resource version'));
    await recordPendingImport(store, push('fast', D2, 'fast.example'));
    await eventually(() => imported.includes('fast'));
    await eventually(async () => !(await pending()).includes('app:fast'));
    await eventually(() => store.lists() >= 2 && store.liveWatches() === 1);
    expect(restartDelays()).toEqual([]);
    // the relist saw the hung work again: it stays queued behind its running import, not run twice
    expect(slow).toEqual(['slow']);
    expect(await pending()).toEqual(['app:slow']);

    await recordPendingImport(store, push('later', D2, 'fast.example'));
    await eventually(() => imported.includes('later'));
  });

  it('restarts after store errors with a doubling delay and imports work stored while it was down', async () => {
    const imported: string[] = [];
    const importer = { importTags: async (r: ImportTagRequest[]) => void imported.push(r[0]?.tag ?? '') };
    worker = startImportWorker({ store, importer, clock });
    await eventually(() => store.liveWatches() === 1);

    store.breakWatches(internalError('etcd: watch stream closed'));
    await eventually(() => restartDelays().length === 1);
    clock.advance(250);
    await eventually(() => store.lists() === 2 && store.liveWatches() === 1);
    store.breakWatches(internalError('etcd: watch stream closed'));
    await eventually(() => restartDelays().length === 2);
    expect(restartDelays()).toEqual([250, 500]);

    await recordPendingImport(store, push('latest', D1, 'reg.example'));
    clock.advance(499);
    expect(store.lists()).toBe(2);
    expect(imported).toEqual([]);
    clock.advance(1);
    await eventually(() => imported.includes('latest'));
    await eventually(async () => (await pending()).length === 0);

    await eventually(() => store.liveWatches() === 1);
    await recordPendingImport(store, push('v2', D2, 'reg.example'));
    await eventually(() => imported.includes('v2'));
    expect(imported).toEqual(['latest', 'v2']);
  });
});
