import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCorruptionError } from '../../../../src/store/sqlite/sqlite-damage.js';
import { checkBeforeOpen } from '../../../../src/store/sqlite/store-guard.js';
import {
  readIdentityFile,
  writeIdentityFile,
  type StoreIdentity,
} from '../../../../src/store/sqlite/store-identity.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'store-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const identity = (hasHeldData: boolean): StoreIdentity => ({
  kind: 'ImageStreamsStoreIdentity',
  id: 'id-1',
  resourceVersion: hasHeldData ? 1236 : 0,
  objects: hasHeldData ? 1236 : 0,
  hasHeldData,
  updated: '2026-01-01T00:00:00Z',
});

describe('checkBeforeOpen', () => {
  const db = '/data/imagestreams.db';
  it.each([
    ['a new store', { size: undefined, walOrShm: false }, undefined],
    [
      'an existing file without identity (a store from before identities)',
      { size: 8192, walOrShm: true },
      undefined,
    ],
    ['a new store whose identity never held data', { size: 0, walOrShm: false }, identity(false)],
    ['a store that held data and still has its file', { size: 8192, walOrShm: false }, identity(true)],
  ] as const)('opens %s', (_what, state, id) => {
    expect(() => checkBeforeOpen(db, state, id)).not.toThrow();
  });

  it.each([
    [
      'a 0-byte file that held data',
      { size: 0, walOrShm: false },
      identity(true),
      /is empty \(0 bytes\), but .* held 1236 objects/,
    ],
    [
      'a missing file that held data',
      { size: undefined, walOrShm: false },
      identity(true),
      /is missing, but/,
    ],
    [
      'a 0-byte file without identity',
      { size: 0, walOrShm: false },
      undefined,
      /empty \(0 bytes\) and has no identity file/,
    ],
    [
      'a 0-byte file beside a WAL',
      { size: 0, walOrShm: true },
      undefined,
      /while a -wal\/-shm file lies beside it/,
    ],
    [
      'a missing file beside a WAL',
      { size: undefined, walOrShm: true },
      undefined,
      /missing but its -wal\/-shm file is there/,
    ],
  ] as const)('refuses %s, saying what to do', (_what, state, id, message) => {
    expect(() => checkBeforeOpen(db, state, id)).toThrow(message);
    expect(() => checkBeforeOpen(db, state, id)).toThrow(/isctl restore BACKUP_FILE .*--accept-empty-store/);
  });
});

describe('the identity file', () => {
  it('round-trips, written atomically', () => {
    const db = path.join(dir, 'a.db');
    writeIdentityFile(db, { id: 'x', resourceVersion: 5, objects: 2, hasHeldData: true });
    expect(readIdentityFile(db)).toMatchObject({
      id: 'x',
      resourceVersion: 5,
      objects: 2,
      hasHeldData: true,
    });
    expect(readIdentityFile(path.join(dir, 'none.db'))).toBeUndefined();
  });

  it('refuses an identity file that is not one, naming it', () => {
    const db = path.join(dir, 'b.db');
    writeFileSync(`${db}.identity`, '{"kind": "other"}');
    expect(() => readIdentityFile(db)).toThrow(/b\.db\.identity is not valid/);
  });
});

describe('isCorruptionError', () => {
  it.each(['SQLITE_CORRUPT', 'SQLITE_CORRUPT_INDEX', 'SQLITE_NOTADB'])('%s is damage', (code) =>
    expect(isCorruptionError(Object.assign(new Error('x'), { code }))).toBe(true),
  );
  it.each(['SQLITE_BUSY', 'SQLITE_FULL', undefined])('%s is not', (code) =>
    expect(isCorruptionError(Object.assign(new Error('x'), { code }))).toBe(false),
  );
});
