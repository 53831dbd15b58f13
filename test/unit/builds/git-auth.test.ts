import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitAuth, sourceSecretValues } from '../../../src/builds/executor/git-auth.js';
import { bitbucketPush } from '../../../src/builds/webhooks/bitbucket.js';

const URI = 'https://git.example.com/team/app.git';

describe('source secrets given to git', () => {
  it('sends basic auth to the source URI only, through git environment config', async () => {
    const auth = await gitAuth(URI, { username: 'u', password: 'p4ss' });
    expect(auth.env).toEqual({
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${URI}.extraHeader`,
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from('u:p4ss').toString('base64')}`,
    });
    expect((await gitAuth('ssh://git@host/app.git', { password: 'p4ss' })).env).toEqual({});
    expect((await gitAuth(URI, undefined)).env).toEqual({});
  });

  it('writes an ssh key to a 0600 file named by GIT_SSH_COMMAND, removed by cleanup', async () => {
    const auth = await gitAuth('ssh://git@host/app.git', {
      sshPrivateKey: 'KEY',
      knownHosts: 'host ssh-ed25519 AAAA',
    });
    const key = /-i '([^']+)'/.exec(auth.env.GIT_SSH_COMMAND ?? '')?.[1] ?? '';
    expect(readFileSync(key, 'utf8')).toBe('KEY\n');
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(key)).mode & 0o777).toBe(0o700);
    expect(auth.env.GIT_SSH_COMMAND).toContain('StrictHostKeyChecking=yes');
    await auth.cleanup();
    expect(existsSync(dirname(key))).toBe(false);
  });

  it('masks the password, the user:password pair and the lines of a key', () => {
    const key = `-----BEGIN KEY-----\n${'A'.repeat(70)}\nshort\n-----END KEY-----\n`;
    expect(sourceSecretValues({ username: 'u', password: 'pw', sshPrivateKey: key })).toEqual([
      'pw',
      'u:pw',
      'A'.repeat(70),
    ]);
  });
});

describe('Bitbucket pushes', () => {
  const decodeOf = (body: unknown) => (schema: { parse(v: unknown): unknown }) => schema.parse(body) as never;

  it('takes a deleted branch from old, and the Server payload from ref.displayId and toHash', () => {
    const deleted = { push: { changes: [{ old: { name: 'gone' }, commits: [] }] } };
    expect(bitbucketPush('repo:push', decodeOf(deleted))).toEqual({ branch: 'gone' });
    const server = { changes: [{ ref: { displayId: 'main' }, toHash: 'f'.repeat(40) }] };
    expect(bitbucketPush('repo:refs_changed', decodeOf(server))).toEqual({
      branch: 'main',
      revision: { type: 'Git', git: { commit: 'f'.repeat(40) } },
    });
    expect(() => bitbucketPush(undefined, decodeOf({}))).toThrow('missing X-Event-Key');
  });
});
