import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pack, type Headers } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveError, checkArchive, extractArchive } from '../../../src/builds/binary/archive.js';
import { validAsFile } from '../../../src/builds/binary/stored-binary.js';

async function tarOf(entries: { header: Headers; data?: string }[]): Promise<Buffer> {
  const p = pack();
  for (const e of entries) p.entry(e.header, e.data);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const LIMIT = 1 << 20;
let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'is-archive-'));
  dir = join(root, 'ctx');
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('binary source archives', () => {
  it('unpacks files and directories of a tar and of a tar.gz', async () => {
    const tar = await tarOf([
      { header: { name: 'sub', type: 'directory' } },
      { header: { name: 'sub/a.txt', mode: 0o4755 }, data: 'A' },
      { header: { name: './b.txt' }, data: 'B' },
    ]);
    await extractArchive(gzipSync(tar), dir, LIMIT);
    expect(await readFile(join(dir, 'sub/a.txt'), 'utf8')).toBe('A');
    expect(await readFile(join(dir, 'b.txt'), 'utf8')).toBe('B');
    expect((await stat(join(dir, 'sub/a.txt'))).mode & 0o7000).toBe(0); // no setuid from an archive
    expect(await checkArchive(tar, LIMIT)).toBe(3);
  });

  it.each([
    ['a parent path', { name: '../x' }, 'outside the build context'],
    ['a parent path inside', { name: 'a/../../x' }, 'outside the build context'],
    ['an absolute path', { name: '/etc/x' }, 'outside the build context'],
    ['a symlink', { name: 'l', type: 'symlink', linkname: '../../etc/passwd' }, 'symlink'],
    ['a hard link', { name: 'h', type: 'link', linkname: '/etc/passwd' }, 'link'],
    ['a character device', { name: 'd', type: 'character-device' }, 'character-device'],
    ['a fifo', { name: 'f', type: 'fifo' }, 'fifo'],
  ])('refuses %s and writes nothing outside the context', async (_what, header, message) => {
    const h = header as Headers;
    const tar = await tarOf([{ header: h, data: h.type ? undefined : 'x' }]);
    await expect(checkArchive(tar, LIMIT)).rejects.toThrow(message);
    await expect(extractArchive(tar, dir, LIMIT)).rejects.toBeInstanceOf(ArchiveError);
    expect((await readdir(root)).filter((n) => n !== 'ctx')).toEqual([]);
  });

  it('refuses what is not an archive, an empty one, and a gzip bomb past the limit', async () => {
    await expect(checkArchive(Buffer.from('hello, not a tar archive at all'), LIMIT)).rejects.toBeInstanceOf(
      ArchiveError,
    );
    await expect(checkArchive(Buffer.alloc(1024), LIMIT)).rejects.toThrow('no entries');
    const bomb = gzipSync(await tarOf([{ header: { name: 'z' }, data: '\0'.repeat(4 * LIMIT) }]));
    expect(bomb.length).toBeLessThan(LIMIT);
    await expect(checkArchive(bomb, LIMIT)).rejects.toThrow('gzip');
  });

  it('takes only a plain file name as asFile', () => {
    expect(validAsFile('app.jar')).toBe(true);
    for (const bad of ['', '.', '..', 'a/b', '../x', 'a\\b']) expect(validAsFile(bad)).toBe(false);
  });
});
