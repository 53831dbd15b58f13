/**
 * Durability: a process writing to the SQLite store is SIGKILLed in the middle of a burst; every
 * write it acknowledged must be in the file afterwards, the file must pass integrity_check, and
 * the store must open and accept writes. Repeated on the same file, a few rounds.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { builtSqliteStore } from '../../support/built-store.js';
import { stream } from '../../support/store-conformance.js';

const WRITER = fileURLToPath(new URL('../../support/store-writer.mjs', import.meta.url));
const TYPE = { group: 'image.openshift.io', resource: 'imagestreams', namespaced: true };
const ROUNDS = 3;

interface Acknowledged {
  creates: Map<string, string>;
  lastCounter: number;
  maxRv: number;
}

/** Runs the writer until it has acknowledged `killAfter` writes, then SIGKILLs it. */
async function burstAndKill(
  module: string,
  db: string,
  prefix: string,
  killAfter: number,
  acked: Acknowledged,
): Promise<number> {
  const child = spawn(process.execPath, [WRITER, module, db, prefix], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((done) =>
    child.on('close', (code, signal) => done(signal ?? code)),
  );
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  let count = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [kind, rv, value] = line.split(' ');
    if (kind === 'C' && rv && value) acked.creates.set(value, rv);
    else if (kind === 'U' && rv && value) acked.lastCounter = Math.max(acked.lastCounter, Number(value));
    else continue;
    acked.maxRv = Math.max(acked.maxRv, Number(rv));
    // lines still arriving after the kill were acknowledged too: keep reading until the pipe closes
    if (++count === killAfter) child.kill('SIGKILL');
  }
  clearTimeout(guard);
  const how = await exited;
  if (how !== 'SIGKILL') throw new Error(`writer ended by ${String(how)} instead of SIGKILL: ${stderr}`);
  return count;
}

describe('SQLite store crash safety', () => {
  let dir: string;
  let module: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'imagestreams-crash-'));
    module = await builtSqliteStore();
  });

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write across SIGKILL mid-burst, with an intact file that still accepts writes', async () => {
    const db = join(dir, 'store.db');
    const acked: Acknowledged = { creates: new Map(), lastCounter: 0, maxRv: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const killAfter = 150 + Math.floor(Math.random() * 350);
      const count = await burstAndKill(module, db, `r${round}`, killAfter, acked);
      expect(count).toBeGreaterThanOrEqual(killAfter);

      const raw = new Database(db);
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();

      const store = await openSqliteStore({ path: db });
      try {
        const { items } = await store.list(TYPE, { namespace: 'crash' });
        const stored = new Map(items.map((o) => [o.metadata.name, o.metadata.resourceVersion]));
        const missing = [...acked.creates].filter(([name, rv]) => stored.get(name) !== rv);
        expect(missing).toEqual([]);
        const counter = items.find((o) => o.metadata.name === 'counter');
        expect((counter?.spec as { n: number }).n).toBeGreaterThanOrEqual(acked.lastCounter);
        expect(Number(await store.currentResourceVersion())).toBeGreaterThanOrEqual(acked.maxRv);
        const after = await store.create(TYPE, stream(`after-${round}`, 'crash'));
        expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(acked.maxRv);
        acked.creates.set(after.metadata.name, after.metadata.resourceVersion!);
        acked.maxRv = Number(after.metadata.resourceVersion);
      } finally {
        await store.close();
      }
    }
  });
});
