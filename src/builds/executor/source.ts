/**
 * The build context on disk: an inline Dockerfile written to a temp dir, or a Git repository
 * fetched with the `git` binary (http(s), ssh, file), then `contextDir` inside it. The caller
 * removes `dir` when the build ends.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ArchiveError, extractArchive } from '../binary/archive.js';
import { MAX_UNPACKED_BYTES, validAsFile, type StoredBinary } from '../binary/stored-binary.js';
import type { SourceCredential } from '../../credentials/index.js';
import type { BuildSource, SourceRevision } from '../schema.js';
import { gitAuth } from './git-auth.js';

const run = promisify(execFile);
const GIT_TIMEOUT_MS = 120_000;

export interface PreparedSource {
  /** the temp dir to remove */
  dir: string;
  /** the build context (dir, or contextDir inside it) */
  context: string;
  /** the commit built, for a Git source */
  commit?: string;
  /** the commit's message and signatures, for the Build's spec.revision */
  revision?: SourceRevision;
}

class SourceError extends Error {}

async function git(
  args: string[],
  cwd: string,
  signal: AbortSignal,
  extraEnv: Record<string, string> = {},
): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd,
    signal,
    timeout: GIT_TIMEOUT_MS,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_TERMINAL_PROMPT: '0', HOME: cwd, ...extraEnv },
  });
  return stdout.trim();
}

async function fetchGit(
  uri: string,
  ref: string | undefined,
  dir: string,
  signal: AbortSignal,
  credential: SourceCredential | undefined,
): Promise<string> {
  const auth = await gitAuth(uri, credential);
  try {
    await git(['init', '--quiet', dir], dir, signal);
    // the URI and ref are a namespace writer's words: never options (`--upload-pack=…` runs a
    // command), and never git's command-running transports
    await git(
      [
        '-c',
        'protocol.ext.allow=never',
        'fetch',
        '--quiet',
        '--depth',
        '1',
        '--end-of-options',
        uri,
        ref || 'HEAD',
      ],
      dir,
      signal,
      auth.env,
    );
    await git(['checkout', '--quiet', 'FETCH_HEAD'], dir, signal);
    return await git(['log', '-1', '--format=%H%x00%an%x00%ae%x00%cn%x00%ce%x00%s'], dir, signal);
  } catch (e) {
    // git's message may quote the URI with its credentials: the caller masks them
    const detail =
      e instanceof Error && 'stderr' in e ? String((e as { stderr: unknown }).stderr).trim() : '';
    throw new SourceError(`fetching ${ref || 'HEAD'} failed${detail ? `: ${detail}` : ''}`, { cause: e });
  } finally {
    await auth.cleanup();
  }
}

/** a full or abbreviated commit hash: nothing else from a webhook payload reaches git's arguments */
export const COMMIT_HASH = /^[0-9a-f]{7,64}$/;

/**
 * `revision`: the commit a webhook named (the Build's spec.revision.git.commit), fetched instead of
 * `ref`, as OpenShift builds the pushed commit; anything but a commit hash is not used.
 */
/** a binary build's upload in `dir`: the single file `asFile`, or the archive unpacked */
async function placeBinary(binary: StoredBinary, dir: string): Promise<void> {
  if (binary.asFile) {
    if (!validAsFile(binary.asFile)) throw new SourceError(`asFile "${binary.asFile}" is not a file name`);
    await writeFile(join(dir, binary.asFile), binary.data);
    return;
  }
  try {
    await extractArchive(binary.data, dir, MAX_UNPACKED_BYTES);
  } catch (e) {
    if (e instanceof ArchiveError) throw new SourceError(`the binary source was refused: ${e.message}`);
    throw e;
  }
}

export async function prepareSource(
  source: BuildSource,
  signal: AbortSignal,
  revision?: string,
  binary?: StoredBinary,
  /** the source secret's Git credentials */
  credential?: SourceCredential,
): Promise<PreparedSource> {
  const dir = await mkdtemp(join(tmpdir(), 'isbuild-'));
  let fetched: SourceRevision | undefined;
  const wanted = revision && COMMIT_HASH.test(revision) ? revision : source.git?.ref;
  if (source.git) fetched = gitRevision(await fetchGit(source.git.uri, wanted, dir, signal, credential));
  const commit = fetched?.git?.commit;
  if (source.binary) {
    if (!binary)
      throw new SourceError(
        'the binary source of this build is not stored (it was uploaded to no build, or already used)',
      );
    await placeBinary(binary, dir);
  }
  const context = join(dir, source.contextDir ?? '');
  if (relative(dir, context).startsWith('..')) throw new SourceError('contextDir leaves the source');
  if (source.dockerfile !== undefined) await writeFile(join(context, 'Dockerfile'), source.dockerfile);
  return { dir, context, ...(commit ? { commit, revision: fetched } : {}) };
}

/** `git log --format=%H%x00%an%x00%ae%x00%cn%x00%ce%x00%s` as OpenShift's builder records it */
function gitRevision(line: string): SourceRevision {
  const [commit = '', an, ae, cn, ce, message] = line.split('\0');
  return {
    type: 'Git',
    git: { commit, message, author: { name: an, email: ae }, committer: { name: cn, email: ce } },
  };
}

/** every file under `context` (what the engine receives), without the .git directory */
export async function contextFiles(context: string): Promise<string[]> {
  const entries = await readdir(context, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => relative(context, join(e.parentPath ?? e.path, e.name)))
    .filter((p) => p !== '.git' && !p.startsWith('.git/'));
}

/** the password of a URI with user info (`https://user:token@host/…`), to mask in logs */
export function uriSecret(uri: string): string | undefined {
  try {
    const u = new URL(uri);
    return u.password ? decodeURIComponent(u.password) : undefined;
  } catch {
    return undefined;
  }
}
