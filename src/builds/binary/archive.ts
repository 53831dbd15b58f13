/**
 * A binary source's archive (tar, or tar.gz by its magic bytes) unpacked into the build context.
 * Only regular files and directories are written; an entry whose path leaves the context
 * (absolute, `..`), a symlink, hard link, device, FIFO or any other type refuses the whole archive
 * (as `oc`'s extraction refuses paths outside the target). The same walk checks an upload before
 * it is stored, so a bad archive is refused at the request, not at build time.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { extract, type Headers } from 'tar-stream';

export class ArchiveError extends Error {}

const GZIP_MAGIC = [0x1f, 0x8b];

/** the archive's tar bytes: gunzipped when gzip, else as given */
function tarBytes(archive: Buffer, limit: number): Buffer {
  if (archive[0] !== GZIP_MAGIC[0] || archive[1] !== GZIP_MAGIC[1]) return archive;
  try {
    return gunzipSync(archive, { maxOutputLength: limit });
  } catch (e) {
    throw new ArchiveError(`not a valid gzip archive: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** the entry's path inside the context, or an ArchiveError */
function safePath(header: Headers): string {
  const name = header.name.replace(/\\/g, '/');
  const path = normalize(name);
  if (isAbsolute(name) || path === '..' || path.startsWith(`..${sep}`))
    throw new ArchiveError(`archive entry "${header.name}" is outside the build context`);
  const type = header.type ?? 'file';
  if (type !== 'file' && type !== 'directory')
    throw new ArchiveError(
      `archive entry "${header.name}" is a ${type}: only files and directories are allowed`,
    );
  return path;
}

type Sink = (path: string, header: Headers, data: Buffer) => Promise<void>;

function collect(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function walk(archive: Buffer, limit: number, sink: Sink): Promise<number> {
  const tar = tarBytes(archive, limit);
  return new Promise((resolve, reject) => {
    let entries = 0;
    const ex = extract();
    ex.on('entry', (header, stream, next) => {
      entries += 1;
      const handle = async (): Promise<void> => {
        const path = safePath(header);
        await sink(path, header, await collect(stream));
      };
      handle().then(
        () => next(),
        (e: unknown) => {
          stream.resume();
          next(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
    ex.on('finish', () => resolve(entries));
    ex.on('error', (e) =>
      reject(e instanceof ArchiveError ? e : new ArchiveError(`not a valid tar archive: ${e.message}`)),
    );
    Readable.from([tar]).pipe(ex);
  });
}

/** refuses (ArchiveError) an archive extract would refuse; its entry count */
export async function checkArchive(archive: Buffer, limit: number): Promise<number> {
  const entries = await walk(archive, limit, async () => {});
  if (entries === 0) throw new ArchiveError('the archive has no entries');
  return entries;
}

/** unpacks `archive` into `dir` (files and directories only, never outside `dir`) */
export async function extractArchive(archive: Buffer, dir: string, limit: number): Promise<void> {
  await walk(archive, limit, async (path, header, data) => {
    const target = join(dir, path);
    if (header.type === 'directory') {
      await mkdir(target, { recursive: true });
      return;
    }
    await mkdir(dirname(target), { recursive: true });
    // never the archive's modes beyond rwx: no setuid/setgid files in the context
    await writeFile(target, data, { mode: (header.mode ?? 0o644) & 0o777 });
  });
}
