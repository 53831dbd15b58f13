/**
 * The source a webhook's build fetches: the commit the webhook named (spec.revision.git.commit),
 * not the tip of source.git.ref, as OpenShift; anything but a commit hash is not passed to git.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareSource } from '../../../src/builds/executor/source.js';

let tmp = '';
let repo = '';
let first = '';
let tip = '';
const cleanup: string[] = [];

function git(args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], {
    cwd: repo,
    encoding: 'utf8',
  }).trim();
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'isbuild-rev-'));
  repo = path.join(tmp, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  git(['commit', '-q', '--allow-empty', '-m', 'one']);
  first = git(['rev-parse', 'HEAD']);
  git(['commit', '-q', '--allow-empty', '-m', 'two']);
  tip = git(['rev-parse', 'HEAD']);
});

afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('build source revision', () => {
  const source = () => ({ git: { uri: `file://${repo}`, ref: 'main' } });

  it('fetches the commit the webhook named rather than the branch tip', async () => {
    const prepared = await prepareSource(source(), AbortSignal.timeout(30_000), first);
    cleanup.push(prepared.dir);
    expect(prepared.commit).toBe(first);
  });

  it('fetches the ref when there is no revision, and ignores a revision that is not a hash', async () => {
    const plain = await prepareSource(source(), AbortSignal.timeout(30_000));
    cleanup.push(plain.dir);
    expect(plain.commit).toBe(tip);
    const odd = await prepareSource(source(), AbortSignal.timeout(30_000), '--upload-pack=touch /tmp/x');
    cleanup.push(odd.dir);
    expect(odd.commit).toBe(tip);
  });

  it('never runs a URI or ref as a git option or a command transport', async () => {
    const marker = path.join(tmp, 'pwned');
    const attacks = [
      { git: { uri: `file://${repo}`, ref: `--upload-pack=touch ${marker}` } },
      { git: { uri: `--upload-pack=touch ${marker}`, ref: 'main' } },
      { git: { uri: `ext::sh -c touch% ${marker}`, ref: 'main' } },
    ];
    for (const attack of attacks) {
      await expect(prepareSource(attack, AbortSignal.timeout(30_000))).rejects.toThrow(/failed/);
      expect(existsSync(marker)).toBe(false);
    }
  });
});
