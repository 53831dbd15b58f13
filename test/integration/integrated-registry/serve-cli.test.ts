/**
 * `isctl serve --with-registry` as users run it: the built CLI starts the registry on the
 * requested port, a push through it lands in the API, and SIGTERM stops the registry with the
 * server.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageStream } from '../../../src/api/types.js';
import { freePort, pushImage } from '../../support/registry/index.js';
import { buildProject, cliPath } from '../cli/cli-harness.js';

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`${what} not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function answers(url: string): Promise<number | undefined> {
  const res = await request(url, { headersTimeout: 1_000 });
  await res.body.dump();
  return res.statusCode;
}

let tmp: string;

beforeAll(async () => {
  await buildProject();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'isctl-with-registry-'));
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

describe('isctl serve --with-registry', () => {
  it('runs the registry on --registry-listen, records pushes, and stops it on SIGTERM', async () => {
    const [apiPort, registryPort] = [await freePort(), await freePort()];
    const api = `http://127.0.0.1:${apiPort}`;
    const host = `127.0.0.1:${registryPort}`;
    const dataDir = path.join(tmp, 'data');
    const child = spawn(
      process.execPath,
      [
        cliPath(),
        'serve',
        '--listen',
        `127.0.0.1:${apiPort}`,
        '--data-dir',
        dataDir,
        '--with-registry',
        '--registry-listen',
        host,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } },
    );
    let logs = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (logs += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (logs += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await until('ready', async () => ((await answers(`${api}/readyz`)) === 200 ? true : undefined));
      expect(existsSync(path.join(dataDir, 'registry', 'config.yml'))).toBe(true);
      const pushed = await pushImage(
        { url: `http://${host}`, pushAuthorization: () => undefined },
        'cli/app',
        'v1',
      );
      // the notification, not this loop, records the push; the loop only waits for the API to show it
      const stream = await until('the pushed tag', async () => {
        const res = await request(`${api}/apis/image.openshift.io/v1/namespaces/cli/imagestreams/app`);
        const s = (await res.body.json()) as ImageStream;
        return s.status?.tags?.[0]?.items?.[0]?.image === pushed.digest ? s : undefined;
      });
      expect(stream.status?.dockerImageRepository).toBe(`${host}/cli/app`);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    await expect(answers(`http://${host}/v2/`)).rejects.toThrow();
    expect(logs).not.toMatch(/Bearer [A-Za-z0-9_-]{20,}/);
  });
});
