import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBuildLog, readStoredLog } from '../../../src/builds/build-log.js';
import { BUILD_LOGS } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore({ path: ':memory:' });
});
afterEach(async () => {
  await store.close();
});

const logObject = (fields: Record<string, unknown>) => ({
  apiVersion: 'imagestreams.io/v1',
  kind: 'BuildLog',
  metadata: { name: 'app-1', namespace: 'default' },
  ...fields,
});

describe('reading a stored build log', () => {
  it('gives the stored text, and none for a build without a log', async () => {
    await store.create(BUILD_LOGS, logObject({ log: 'step 1\nstep 2\n' }));
    expect((await readBuildLog(store, 'default', 'app-1'))?.log).toBe('step 1\nstep 2\n');
    expect(await readStoredLog(store, 'default', 'app-2')).toBeUndefined();
  });

  it('refuses a stored object that is not a build log, naming the field', async () => {
    await store.create(BUILD_LOGS, logObject({ log: 42 }));
    await expect(readStoredLog(store, 'default', 'app-1')).rejects.toThrow(
      /stored log of build default\/app-1 is damaged: log: /,
    );
  });
});
