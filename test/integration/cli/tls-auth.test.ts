import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, runCli, type CliResult, type RunningServerLike } from './cli-harness.js';

let tmp: string;
let server: RunningServerLike;
let cert: string;

const ADMIN = 'admin-secret-token-1';
const READER = 'reader-secret-token-2';

/** A kubeconfig written by `isctl kubeconfig` with the given extra flags. */
async function kubeconfig(name: string, ...flags: string[]): Promise<string> {
  const r = await runCli([
    'kubeconfig',
    '--server',
    server.url,
    '--data-dir',
    path.join(tmp, name),
    ...flags,
  ]);
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

const run = (kc: string, args: string[]): Promise<CliResult> =>
  runCli(args, { env: { KUBECONFIG: kc, HOME: tmp } });

beforeAll(async () => {
  await buildProject();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'isctl-tls-'));
  cert = path.join(tmp, 'cert.pem');
  const key = path.join(tmp, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore', timeout: 30_000 },
  );
  const tokens = path.join(tmp, 'tokens.csv');
  writeFileSync(
    tokens,
    `${ADMIN},admin,1,imagestreams:admin\n${READER},reader,2,"imagestreams:read:default"\n`,
  );
  const { startServer } = await import('../../../src/server/serve.js');
  server = await startServer({
    listen: '127.0.0.1:0',
    dataDir: path.join(tmp, 'data'),
    tlsCertFile: cert,
    tlsKeyFile: key,
    tokenAuthFile: tokens,
  });
});

afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('isctl over HTTPS with bearer tokens', () => {
  it('trusts the server through the kubeconfig’s certificate-authority and sends its token', async () => {
    expect(server.url.startsWith('https://')).toBe(true);
    const kc = await kubeconfig('admin', '--token', ADMIN, '--certificate-authority', cert);
    const r = await run(kc, ['get', 'is']);
    expect(r.stderr).toBe('No resources found in default namespace.\n');
    expect(r.code).toBe(0);
  });

  it('refuses an unknown certificate unless told to skip verification', async () => {
    const kc = await kubeconfig('no-ca', '--token', ADMIN);
    const refused = await run(kc, ['get', 'is']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^Unable to connect to the server: .*certificate/);
    const skipped = await run(kc, ['get', 'is', '--insecure-skip-tls-verify']);
    expect(skipped.code).toBe(0);
  });

  it('prints kubectl’s login hint without a token, and never prints a token', async () => {
    const kc = await kubeconfig('anonymous', '--certificate-authority', cert);
    const r = await run(kc, ['get', 'is']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: You must be logged in to the server \(.+\)\n$/);
    const wrong = await run(kc, ['get', 'is', '--token', 'not-a-valid-token']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).not.toContain('not-a-valid-token');
  });

  it('--token overrides the kubeconfig’s: a read-only token may get but not apply', async () => {
    const kc = await kubeconfig('admin2', '--token', ADMIN, '--certificate-authority', cert);
    const manifest = 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: ro}\n';
    const denied = await runCli(['apply', '-f', '-', '--token', READER], {
      env: { KUBECONFIG: kc, HOME: tmp },
      input: manifest,
    });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^Error from server \(Forbidden\): /);
    expect(denied.stderr).not.toContain(READER);
    expect((await run(kc, ['get', 'is', '--token', READER])).code).toBe(0);
  });
});
