/**
 * `start-build --from-dir | --from-file | --from-archive`, as `oc start-build`: the upload for
 * `instantiatebinary` and its query. A directory is sent as a gzipped tar (tar-fs; its `.git` is
 * left out), a file as itself with `asFile` its base name, an archive as it is.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGzip } from 'node:zlib';
import { pack } from 'tar-fs';
import { CliError } from './errors.js';

export interface BinaryFlags {
  fromDir?: string;
  fromFile?: string;
  fromArchive?: string;
}

export interface BinaryUpload {
  body: Buffer;
  query: Record<string, string>;
}

async function tarDir(dir: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const stream = pack(dir, { ignore: (name) => basename(name) === '.git' }).pipe(createGzip());
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function read(path: string, flag: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new CliError(`${flag} ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** the upload the flags name, or undefined for a build from the BuildConfig's own source */
export async function binaryUpload(flags: BinaryFlags): Promise<BinaryUpload | undefined> {
  const given = [flags.fromDir, flags.fromFile, flags.fromArchive].filter((f) => f !== undefined);
  if (given.length > 1)
    throw new CliError('only one of --from-dir, --from-file or --from-archive may be given');
  if (flags.fromFile !== undefined)
    return { body: await read(flags.fromFile, '--from-file'), query: { asFile: basename(flags.fromFile) } };
  if (flags.fromArchive !== undefined)
    return { body: await read(flags.fromArchive, '--from-archive'), query: {} };
  if (flags.fromDir !== undefined) {
    try {
      return { body: await tarDir(flags.fromDir), query: {} };
    } catch (e) {
      throw new CliError(`--from-dir ${flags.fromDir}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return undefined;
}
