/**
 * `isctl serve` (the BUILT CLI) runs the webhook trigger controller; a WebhookTrigger applied with
 * kubectl fires when the tag moves, and the signing secret stays out of the logs (debug level),
 * the object and its events.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeconfigYaml, runKubectl } from '../../../support/api-server.js';
import { buildProject, cliPath } from '../../cli/cli-harness.js';
import { startReceiver, type Receiver } from '../../notifications/receiver.js';

const SECRET = 'serve-secret-5d2c88e1';
const ENV = 'IMAGESTREAMS_WEBHOOK_SECRET_DEPLOY';
const D = `sha256:${'e'.repeat(64)}`;

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function until(what: string, probe: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('isctl serve with a WebhookTrigger', () => {
  let tmp: string;
  let receiver: Receiver;
  let url: string;
  let kubeconfig: string;
  let logs = '';
  let child: ReturnType<typeof spawn> | undefined;

  beforeAll(async () => {
    await buildProject();
    tmp = mkdtempSync(path.join(os.tmpdir(), 'isctl-serve-wht-'));
    receiver = await startReceiver();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    child = spawn(
      process.execPath,
      [
        cliPath(),
        'serve',
        '--listen',
        `127.0.0.1:${port}`,
        '--data-dir',
        path.join(tmp, 'data'),
        '--disable-docker-target',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'debug', [ENV]: SECRET } },
    );
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (logs += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (logs += d));
    await until('the server to be ready', async () => {
      try {
        return (await fetch(`${url}/readyz`)).status === 200;
      } catch {
        return false;
      }
    });
    kubeconfig = path.join(tmp, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigYaml(url, undefined));
  }, 200_000);

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.on('close', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      child.kill('SIGKILL');
    }
    await receiver?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('fires on a tag move, records a 404 as a final failure, and never shows the secret', async () => {
    receiver.script('/deploy', [404]);
    const manifest = [
      'apiVersion: image.openshift.io/v1',
      'kind: ImageStream',
      'metadata: {name: app}',
      '---',
      'apiVersion: imagestreams.io/v1',
      'kind: WebhookTrigger',
      'metadata: {name: deploy-app}',
      'spec:',
      '  from: {kind: ImageStreamTag, name: "app:latest"}',
      `  url: ${receiver.url}/deploy`,
      `  secretRef: {env: ${ENV}}`,
      '',
    ].join('\n');
    const applied = await runKubectl(kubeconfig, ['apply', '-f', '-'], { input: manifest });
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('webhooktrigger.imagestreams.io/deploy-app created');

    const res = await fetch(`${url}/apis/image.openshift.io/v1/namespaces/default/imagestreammappings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStreamMapping',
        metadata: { name: 'app' },
        image: { metadata: { name: D }, dockerImageReference: `quay.io/team/app@${D}` },
        tag: 'latest',
      }),
    });
    expect(res.status).toBe(201);

    await until('the failure in status', async () => {
      const got = await runKubectl(kubeconfig, [
        'get',
        'webhooktrigger',
        'deploy-app',
        '-o',
        'jsonpath={.status.lastResult}',
      ]);
      return got.stdout === 'Failure';
    });
    expect(receiver.requests.filter((r) => r.path === '/deploy')).toHaveLength(1);
    await until('the failure in the log', () => logs.includes('webhook trigger delivery failed'));

    const yaml = (await runKubectl(kubeconfig, ['get', 'webhooktriggers', '-o', 'yaml'])).stdout;
    expect(yaml).toContain('lastStatus: 404');
    expect(yaml).toContain(ENV);
    const table = (await runKubectl(kubeconfig, ['get', 'wht'])).stdout;
    expect(table).toMatch(/deploy-app +app:latest +false +sha256:eeeeeeeeeeee +Failure/);
    const events = (await runKubectl(kubeconfig, ['get', 'events', '-o', 'yaml'])).stdout;
    expect(events).toContain('WebhookFailed');

    for (const text of [logs, yaml, table, events]) expect(text).not.toContain(SECRET);
  });
});
