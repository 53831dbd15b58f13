import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, cliPath, runCli } from './cli-harness.js';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function waitReady(url: string, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error(`server at ${url} not ready within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let tmp: string;

beforeAll(async () => {
  await buildProject();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'isctl-serve-'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('isctl serve', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('serves until %s, then exits 0', async (signal) => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const child = spawn(
      process.execPath,
      [cliPath(), 'serve', '--listen', `127.0.0.1:${port}`, '--data-dir', path.join(tmp, signal)],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } },
    );
    let logs = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (logs += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (logs += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await waitReady(url, 20_000);
      // the same server answers a client command
      const kc = await runCli(['kubeconfig', '--server', url, '--data-dir', path.join(tmp, `${signal}-kc`)]);
      const get = await runCli(['get', 'is'], { env: { KUBECONFIG: kc.stdout.trim() } });
      expect(get.code).toBe(0);
      expect(get.stderr).toBe('No resources found in default namespace.\n');
      child.kill(signal);
      expect(await exited).toBe(0);
      expect(logs).toContain(url);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
