/**
 * `isctl serve --notify`, the built CLI: a URL that cannot be used stops the server at startup
 * naming the flag and never quoting the URL; a channel whose receiver refuses the notice is
 * logged (at debug level, every line) without its password or token.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../support/registry/index.js';
import { until } from '../../support/until.js';
import { startReceiver, type Receiver } from '../notifications/receiver.js';
import { buildProject, runCli, startServeProcess } from './cli-harness.js';

const PASSWORD = 'serve-secret-password';
const TOKEN = 'serve-secret-path-token';

let tmp: string;
let receiver: Receiver;

beforeAll(async () => {
  await buildProject();
  tmp = mkdtempSync(path.join(os.tmpdir(), 'isctl-notify-'));
  receiver = await startReceiver();
}, 180_000);

afterAll(async () => {
  await receiver?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('isctl serve --notify', () => {
  it('refuses a bad URL at startup, naming the flag', async () => {
    const res = await runCli(
      [
        'serve',
        '--listen',
        '127.0.0.1:0',
        '--data-dir',
        path.join(tmp, 'bad'),
        '--notify',
        'ntfy://h/t',
        '--notify',
        `discord://${TOKEN}@not-an-id`,
      ],
      { env: { LOG_LEVEL: 'debug' } },
    );
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/--notify \(#2\): discord: expected discord:\/\/TOKEN@WEBHOOK_ID/);
    expect(res.stdout + res.stderr).not.toContain(TOKEN);
  });

  it('logs a refused notice without the credentials of its URL', async () => {
    receiver.script(`/hooks/${TOKEN}`, [400]);
    const down = await freePort();
    const notify = `generic+http://robot:${PASSWORD}@${new URL(receiver.url).host}/hooks/${TOKEN}`;
    const serve = await startServeProcess(['--data-dir', path.join(tmp, 'run'), '--notify', notify]);
    try {
      // a tag that cannot be imported: the import fails, and the channel is told
      const created = await fetch(`${serve.url}/apis/image.openshift.io/v1/namespaces/default/imagestreams`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          apiVersion: 'image.openshift.io/v1',
          kind: 'ImageStream',
          metadata: { name: 'app' },
          spec: {
            tags: [
              {
                name: 'latest',
                from: { kind: 'DockerImage', name: `127.0.0.1:${down}/team/app:latest` },
                importPolicy: { insecure: true },
              },
            ],
          },
        }),
      });
      expect(created.status).toBe(201);
      await until(
        'the refused notice in the log',
        () => serve.logs().includes('notification not delivered') || undefined,
        20_000,
      );
      const req = receiver.requests.find((r) => r.path === `/hooks/${TOKEN}`)!;
      expect(JSON.parse(req.body)).toMatchObject({
        event: 'import-failing',
        title: 'Import failing: default/app:latest',
      });
      expect(serve.logs()).toMatch(/"channel":"notify-1".*"status":400/);
      expect(serve.logs()).not.toContain(PASSWORD);
      expect(serve.logs()).not.toContain(TOKEN);
      expect(serve.logs()).not.toContain(Buffer.from(`robot:${PASSWORD}`).toString('base64'));
    } finally {
      serve.kill();
    }
  }, 60_000);
});
