import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkArchive, extractArchive } from '../../../src/builds/binary/archive.js';
import { binaryUpload } from '../../../src/cli/binary-source.js';
import { CliError } from '../../../src/cli/errors.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'is-binary-cli-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

describe('start-build --from-dir|--from-file|--from-archive', () => {
  it('sends a directory as a tar.gz the server unpacks, without its .git', async () => {
    const src = join(root, 'src');
    await mkdir(join(src, '.git'), { recursive: true });
    await mkdir(join(src, 'sub'), { recursive: true });
    await writeFile(join(src, '.git', 'HEAD'), 'ref');
    await writeFile(join(src, 'sub', 'a.txt'), 'A');
    const upload = await binaryUpload({ fromDir: src });
    expect(upload?.query).toEqual({});
    expect(upload?.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    await checkArchive(upload!.body, 1 << 20);
    const out = join(root, 'out');
    await extractArchive(upload!.body, out, 1 << 20);
    expect(await readFile(join(out, 'sub', 'a.txt'), 'utf8')).toBe('A');
    expect(await readdir(out)).not.toContain('.git');
  });

  it('sends a file with asFile its base name, and refuses two sources or a missing file', async () => {
    await writeFile(join(root, 'app.jar'), 'jar');
    expect(await binaryUpload({ fromFile: join(root, 'app.jar') })).toEqual({
      body: Buffer.from('jar'),
      query: { asFile: 'app.jar' },
    });
    expect(await binaryUpload({})).toBeUndefined();
    await expect(binaryUpload({ fromFile: 'a', fromDir: 'b' })).rejects.toBeInstanceOf(CliError);
    await expect(binaryUpload({ fromArchive: join(root, 'none.tar') })).rejects.toThrow('--from-archive');
  });
});
