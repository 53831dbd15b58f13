/**
 * The SQLite file against loss and damage, through the BUILT isctl: a backup taken while the
 * server runs; a deliberately corrupted file (pages overwritten) that the server refuses to start
 * on, saying why; a restore (refused while a server has the file open); every stream back. Also a
 * truncated file, a 0-byte file beside a WAL, and a file whose header is overwritten.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  rmSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import { buildProject, cliPath, runCli } from '../cli/cli-harness.js';

const G = '/apis/image.openshift.io/v1';
const STREAMS = 40;
let tmp: string;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

interface Served {
  url: string;
  child: ChildProcess;
  /** resolves with the exit code once the process has exited */
  exited: Promise<number | null>;
  output: () => string;
}

async function serve(dataDir: string, extra: string[] = []): Promise<Served> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [cliPath(), 'serve', '--listen', `127.0.0.1:${port}`, '--data-dir', dataDir, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'error' } },
  );
  children.push(child);
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { url: `http://127.0.0.1:${port}`, child, exited, output: () => out };
}

/** Ready (true) or exited (false), within 20 s. */
async function readyOrExit(s: Served): Promise<boolean> {
  const end = Date.now() + 20_000;
  let done = false;
  void s.exited.then(() => (done = true));
  while (Date.now() < end && !done) {
    try {
      if ((await fetch(`${s.url}/readyz`)).status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (done) return false;
  throw new Error(`server neither ready nor exited within 20 s: ${s.output()}`);
}

async function stop(s: Served): Promise<void> {
  s.child.kill('SIGTERM');
  expect(await s.exited).toBe(0);
}

async function streamNames(url: string): Promise<string[]> {
  const res = await fetch(`${url}${G}/namespaces/default/imagestreams`);
  expect(res.status).toBe(200);
  const list = (await res.json()) as { items: { metadata: { name: string } }[] };
  return list.items.map((i) => i.metadata.name).sort();
}

async function createStreams(url: string, n: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = `stream-${String(i).padStart(3, '0')}`;
    const res = await fetch(`${url}${G}/namespaces/default/imagestreams`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ metadata: { name, annotations: { note: 'x'.repeat(2000) } }, spec: {} }),
    });
    expect(res.status).toBe(201);
    names.push(name);
  }
  return names.sort();
}

/** Overwrites `pages` pages from page `first` (1-based, 4 KiB pages) with a pattern. */
function overwritePages(file: string, first: number, pages: number): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(4096 * pages, 0xa5), 0, 4096 * pages, 4096 * (first - 1));
  } finally {
    closeSync(fd);
  }
}

/** A data dir whose store held streams, written by the store code the server runs (faster than a server). */
async function populated(name: string, n = 3): Promise<{ dir: string; db: string; names: string[] }> {
  const dir = path.join(tmp, name);
  const db = path.join(dir, 'imagestreams.db');
  const store = await openSqliteStore({ path: db });
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const metadata = { name: `${name}-${i}`, namespace: 'default' };
    await store.create(IMAGE_STREAMS, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata,
      spec: {},
    });
    names.push(metadata.name);
  }
  await store.close();
  return { dir, db, names: names.sort() };
}

beforeAll(async () => {
  await buildProject();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'isctl-recovery-'));
});

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
});

describe('backup, corruption, restore', () => {
  it('refuses a corrupted store with the cause, and a restore brings every stream back', async () => {
    const dir = path.join(tmp, 'main');
    const db = path.join(dir, 'imagestreams.db');
    const backup = path.join(tmp, 'main-backup.db');
    const first = await serve(dir);
    expect(await readyOrExit(first)).toBe(true);
    const names = await createStreams(first.url, STREAMS);

    // online: the server keeps running and writing
    const saved = await runCli(['backup', backup, '--data-dir', dir]);
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    expect(saved.stdout).toMatch(/^backed up .* objects, resourceVersion \d+, store id [0-9a-f-]{36}\n$/);

    const refused = await runCli(['restore', backup, '--data-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/is in use \(a server has it open\): stop the server first/);
    await stop(first);

    overwritePages(db, 3, 4);
    const damaged = await serve(dir);
    expect(await readyOrExit(damaged)).toBe(false);
    expect(await damaged.exited).toBe(1);
    expect(damaged.output()).toMatch(
      /the SQLite store .*imagestreams\.db is damaged: .*(quick_check|SQLITE_CORRUPT)/,
    );
    expect(damaged.output()).toMatch(/isctl restore BACKUP_FILE/);

    const restored = await runCli(['restore', backup, '--data-dir', dir]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/^restored .*imagestreams\.db from .*main-backup\.db: \d+ objects/);

    const again = await serve(dir);
    expect(await readyOrExit(again)).toBe(true);
    expect(await streamNames(again.url)).toEqual(names);
    await stop(again);
  });

  it('refuses to restore another store’s backup without --force', async () => {
    const a = await populated('other-a');
    const b = await populated('other-b');
    const backup = path.join(tmp, 'other-a.db');
    expect((await runCli(['backup', backup, '--data-dir', a.dir])).code).toBe(0);
    const refused = await runCli(['restore', backup, '--data-dir', b.dir]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/it is another store’s backup\. Pass --force/);
    expect((await runCli(['restore', backup, '--data-dir', b.dir, '--force'])).code).toBe(0);
    const s = await serve(b.dir);
    expect(await readyOrExit(s)).toBe(true);
    expect(await streamNames(s.url)).toEqual(a.names);
    await stop(s);
  });

  it('restores into a data directory that is gone, and points etcd users to etcdctl', async () => {
    const a = await populated('lost-dir-source');
    const backup = path.join(tmp, 'lost-dir.db');
    expect((await runCli(['backup', backup, '--data-dir', a.dir])).code).toBe(0);
    const dir = path.join(tmp, 'lost-dir', 'new');
    const restored = await runCli(['restore', backup, '--data-dir', dir]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const s = await serve(dir);
    expect(await readyOrExit(s)).toBe(true);
    expect(await streamNames(s.url)).toEqual(a.names);
    await stop(s);
    const etcd = await runCli(['backup', backup, '--store', 'etcd://127.0.0.1:2379']);
    expect(etcd.code).toBe(1);
    expect(etcd.stderr).toMatch(/for etcd use `etcdctl snapshot save`/);
  });

  it('refuses a damaged file as a backup source or as a backup', async () => {
    const { dir, db } = await populated('bad-backup');
    overwritePages(db, 2, 2);
    const saved = await runCli(['backup', path.join(tmp, 'bad.db'), '--data-dir', dir]);
    expect(saved.code).toBe(1);
    expect(saved.stderr).toMatch(/is damaged/);
    expect(existsSync(path.join(tmp, 'bad.db'))).toBe(false);
  });
});

describe('a lost or truncated file', () => {
  it('refuses a truncated (0-byte) store whose identity says it held data, until --accept-empty-store', async () => {
    const { dir, db } = await populated('truncated');
    truncateSync(db, 0);
    const s = await serve(dir);
    expect(await readyOrExit(s)).toBe(false);
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(
      /the database file is empty \(0 bytes\), but .*imagestreams\.db\.identity says it held \d+ objects/,
    );
    expect(s.output()).toMatch(/--accept-empty-store/);

    const accepted = await serve(dir, ['--accept-empty-store']);
    expect(await readyOrExit(accepted)).toBe(true);
    expect(await streamNames(accepted.url)).toEqual([]);
    await stop(accepted);
  });

  it('refuses a missing store file whose identity says it held data', async () => {
    const { dir, db } = await populated('missing');
    rmSync(db);
    const s = await serve(dir);
    expect(await readyOrExit(s)).toBe(false);
    expect(s.output()).toMatch(/the database file is missing, but .* says it held/);
  });

  it('refuses a 0-byte file beside a WAL when the identity file is gone too', async () => {
    const { dir, db } = await populated('wal-only');
    truncateSync(db, 0);
    rmSync(`${db}.identity`);
    writeFileSync(`${db}-wal`, Buffer.alloc(8192, 1));
    const s = await serve(dir);
    expect(await readyOrExit(s)).toBe(false);
    expect(s.output()).toMatch(
      /the database file is empty \(0 bytes\) while a -wal\/-shm file lies beside it/,
    );
  });

  it('refuses a file whose header is overwritten, naming SQLITE_NOTADB', async () => {
    const { dir, db } = await populated('header');
    overwritePages(db, 1, 1);
    const s = await serve(dir);
    expect(await readyOrExit(s)).toBe(false);
    expect(s.output()).toMatch(/is damaged: SQLITE_NOTADB: file is not a database/);
  });
});

describe('damage found while serving', () => {
  it('fails /readyz with the cause once the store finds its file damaged', async () => {
    const { startTestApiServer } = await import('../../support/api-server.js');
    const dir = path.join(tmp, 'runtime');
    const db = path.join(dir, 'runtime.db');
    // larger than SQLite's page cache (2 MB), so pages are read from the file again later
    const store = await openSqliteStore({ path: db, durability: 'normal' });
    for (let i = 0; i < 600; i++) {
      const metadata = { name: `s-${i}`, namespace: 'default', annotations: { note: 'x'.repeat(6000) } };
      await store.create(IMAGE_STREAMS, {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata,
        spec: {},
      });
    }
    await store.close();
    // without the watch cache, so that the LIST reads the store (the cache answers from memory)
    const api = await startTestApiServer({ storeUrl: `sqlite://${db}`, watchCache: false });
    try {
      expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
      overwritePages(db, 3, 400);
      const list = await fetch(`${api.url}${G}/namespaces/default/imagestreams?limit=1000`);
      expect(list.status).toBe(500);
      const ready = await fetch(`${api.url}/readyz?verbose`);
      expect(ready.status).toBe(503);
      expect(await ready.text()).toMatch(
        /\[-\]store failed: the SQLite store .*runtime\.db is damaged: (SQLITE_CORRUPT|a stored object is not valid JSON)/,
      );
    } finally {
      await api.close();
    }
  });
});
