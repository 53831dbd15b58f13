/**
 * A source secret handed to `git` without ever being in its arguments or in the build context:
 * basic auth as an `http.<uri>.extraHeader` given through git's environment config
 * (GIT_CONFIG_COUNT), so it is sent to that repository's URL only; an SSH key written to a temp
 * file (0600, in its own 0700 dir, outside the build context) named by GIT_SSH_COMMAND, removed
 * when the fetch ends. Without `known_hosts` in the secret the host key is not checked, as
 * OpenShift's builder.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceCredential } from '../../credentials/index.js';

export interface GitAuth {
  /** added to git's environment */
  env: Record<string, string>;
  /** removes the key file; safe to call twice */
  cleanup(): Promise<void>;
}

const NONE: GitAuth = { env: {}, cleanup: async () => {} };

function basicHeader(uri: string, c: SourceCredential): Record<string, string> {
  if (c.password === undefined || !/^https?:\/\//i.test(uri)) return {};
  const token = Buffer.from(`${c.username ?? ''}:${c.password}`).toString('base64');
  return {
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: `http.${uri}.extraHeader`,
    GIT_CONFIG_VALUE_0: `Authorization: Basic ${token}`,
  };
}

/** a path in single quotes for the shell git runs GIT_SSH_COMMAND with (ours: no quote inside) */
const quoted = (path: string): string => `'${path.replace(/'/g, `'\\''`)}'`;

async function sshCommand(dir: string, c: SourceCredential): Promise<string> {
  const key = join(dir, 'ssh-privatekey');
  // OpenSSH refuses a key without its final newline
  await writeFile(key, c.sshPrivateKey?.endsWith('\n') ? c.sshPrivateKey : `${c.sshPrivateKey ?? ''}\n`, {
    mode: 0o600,
  });
  const options = ['-i', quoted(key), '-F', '/dev/null', '-o', 'IdentitiesOnly=yes', '-o', 'BatchMode=yes'];
  if (c.knownHosts !== undefined) {
    const known = join(dir, 'known_hosts');
    await writeFile(known, c.knownHosts, { mode: 0o600 });
    options.push('-o', `UserKnownHostsFile=${quoted(known)}`, '-o', 'StrictHostKeyChecking=yes');
  } else {
    options.push(
      '-o',
      'UserKnownHostsFile=/dev/null',
      '-o',
      'StrictHostKeyChecking=no',
      '-o',
      'LogLevel=ERROR',
    );
  }
  return ['ssh', ...options].join(' ');
}

export async function gitAuth(uri: string, c: SourceCredential | undefined): Promise<GitAuth> {
  if (!c) return NONE;
  const env = basicHeader(uri, c);
  if (c.sshPrivateKey === undefined) return { env, cleanup: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'isgitauth-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    return { env: { ...env, GIT_SSH_COMMAND: await sshCommand(dir, c) }, cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** the values of a source secret to mask in logs: the password, the header token, each key line */
export function sourceSecretValues(c: SourceCredential | undefined): string[] {
  if (!c) return [];
  const out: string[] = [];
  if (c.password !== undefined) out.push(c.password, `${c.username ?? ''}:${c.password}`);
  const keyLines = (c.sshPrivateKey ?? '')
    .split('\n')
    .filter((l) => l.length >= 16 && !l.startsWith('-----'));
  return [...out, ...keyLines];
}
