/** `skopeo inspect` doing the same digest lookups as the importer's re-check, one process per tag. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';

const exec = promisify(execFile);
export const SKOPEO = process.env.SKOPEO ?? '/usr/bin/skopeo';

export type SkopeoMode = 'raw' | 'digest';

/** The digest skopeo finds for HOST/REPO:TAG: sha256 of `--raw`'s bytes, or `--format {{.Digest}}`. */
export async function skopeoDigest(reference: string, mode: SkopeoMode): Promise<string> {
  const args =
    mode === 'raw'
      ? ['inspect', '--raw', '--tls-verify=false', `docker://${reference}`]
      : ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://${reference}`];
  const { stdout } = await exec(SKOPEO, args, {
    timeout: 30_000,
    encoding: 'buffer',
    maxBuffer: 16 * 2 ** 20,
  });
  if (mode === 'digest') return stdout.toString('utf8').trim();
  return `sha256:${createHash('sha256').update(stdout).digest('hex')}`;
}

export async function skopeoAvailable(): Promise<boolean> {
  try {
    await exec(SKOPEO, ['--version'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}
