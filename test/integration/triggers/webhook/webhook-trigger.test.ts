/**
 * WebhookTrigger end to end: the real API server with the extension, a real HTTP receiver, tags
 * moved through ImageStreamMapping POSTs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyHmacSha256 } from '../../../../src/notifications/inbound/secrets.js';
import { startServer, type RunningServer } from '../../../../src/server/serve.js';
import { webhookTriggerExtension } from '../../../../src/triggers/webhook/serve-extension.js';
import type { KubeObject } from '../../../../src/api/object.js';
import { dockerTargetExtension } from '../../../../src/triggers/controller/serve-extension.js';
import { withPaused } from '../../../../src/triggers/pause-request.js';
import { startReceiver, type Receiver } from '../../notifications/receiver.js';

const SECRET = 'topsecret-7f3a91';
const ENV = 'IMAGESTREAMS_WEBHOOK_SECRET_CI';
const IMG = '/apis/image.openshift.io/v1/namespaces/hooks';
const WHT = '/apis/imagestreams.io/v1/namespaces/hooks/webhooktriggers';
const RO = '/apis/imagestreams.io/v1/namespaces/hooks/rollouts';
const digest = (c: string) => `sha256:${c.repeat(64)}`;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('WebhookTrigger', () => {
  let server: RunningServer;
  let receiver: Receiver;
  let dir: string;

  const call = async (method: string, p: string, body?: object) => {
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, text: await res.text() };
  };
  const map = async (stream: string, d: string) => {
    await call('POST', `${IMG}/imagestreams`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: stream },
    });
    return call('POST', `${IMG}/imagestreammappings`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: stream },
      image: { metadata: { name: d }, dockerImageReference: `quay.io/team/${stream}@${d}` },
      tag: 'latest',
    });
  };
  const create = (name: string, stream: string, url: string, extra: object = {}) =>
    call('POST', WHT, {
      apiVersion: 'imagestreams.io/v1',
      kind: 'WebhookTrigger',
      metadata: { name },
      spec: { from: { kind: 'ImageStreamTag', name: `${stream}:latest` }, url, ...extra },
    });
  const statusOf = async (name: string) =>
    (JSON.parse((await call('GET', `${WHT}/${name}`)).text) as { status?: Record<string, unknown> }).status;
  const requestsTo = (p: string) => receiver.requests.filter((r) => r.path === p);
  const rolloutOf = (name: string, d: string, phase: string) =>
    waitFor(`webhook:hooks/${name} ${d} ${phase}`, async () => {
      const list = JSON.parse((await call('GET', RO)).text) as { items: KubeObject[] };
      return list.items.find((o) => {
        const spec = o.spec as Record<string, string>;
        const status = o.status as Record<string, string>;
        return spec.target === `webhook:hooks/${name}` && spec.toDigest === d && status.phase === phase;
      });
    });

  beforeAll(async () => {
    receiver = await startReceiver();
    dir = mkdtempSync(path.join(os.tmpdir(), 'is-webhook-trigger-'));
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [
        webhookTriggerExtension({
          env: { [ENV]: SECRET },
          retry: { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 50 },
          timeoutMs: 2000,
        }),
        // serves rollouts.imagestreams.io, never touches Docker
        dockerTargetExtension({ disabled: true }),
      ],
    });
  });

  afterAll(async () => {
    await server?.close();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('sends one signed CloudEvent when the tag moves, and none for an identical move', async () => {
    expect(
      (await create('deploy-web', 'web', `${receiver.url}/ok`, { secretRef: { env: ENV } })).status,
    ).toBe(201);
    expect((await map('web', digest('a'))).status).toBe(201);
    const status = await waitFor('a delivered status', async () => {
      const s = await statusOf('deploy-web');
      return s?.lastResult ? s : undefined;
    });
    expect(status).toMatchObject({
      lastResult: 'Success',
      lastDigest: digest('a'),
      lastDeliveredDigest: digest('a'),
      attempts: 1,
      lastStatus: 200,
    });
    const [req] = requestsTo('/ok');
    expect(requestsTo('/ok')).toHaveLength(1);
    expect(
      verifyHmacSha256(SECRET, Buffer.from(req!.body), req!.headers['x-imagestreams-signature'] as string),
    ).toBe(true);
    expect(JSON.parse(req!.body)).toMatchObject({
      type: 'io.imagestreams.trigger.fired',
      subject: 'web:latest',
      data: {
        trigger: 'deploy-web',
        stream: 'web',
        tag: 'latest',
        oldDigest: null,
        newDigest: digest('a'),
        dockerImageReference: `quay.io/team/web@${digest('a')}`,
      },
    });

    await map('web', digest('a'));
    await new Promise((r) => setTimeout(r, 500));
    expect(requestsTo('/ok')).toHaveLength(1);

    await map('web', digest('b'));
    await waitFor('a second delivery', async () => (requestsTo('/ok').length === 2 ? true : undefined));
    expect(JSON.parse(requestsTo('/ok')[1]!.body)).toMatchObject({
      data: { oldDigest: digest('a'), newDigest: digest('b') },
    });
  });

  it('retries a failing receiver and says so in status and a Warning event', async () => {
    receiver.script('/fail', [500, 503, 502]);
    await create('deploy-api', 'api', `${receiver.url}/fail`, { secretRef: { env: ENV } });
    await map('api', digest('c'));
    const status = await waitFor('a failed status', async () => {
      const s = await statusOf('deploy-api');
      return s?.lastResult ? s : undefined;
    });
    expect(status).toMatchObject({
      lastResult: 'Failure',
      attempts: 3,
      lastStatus: 502,
      lastDigest: digest('c'),
    });
    expect(status?.lastDeliveredDigest).toBeUndefined();
    expect(requestsTo('/fail')).toHaveLength(3);
    const events = await waitFor('a warning event', async () => {
      const r = await call('GET', '/api/v1/namespaces/hooks/events');
      return r.text.includes('WebhookFailed') ? r.text : undefined;
    });
    expect(events).toContain('deploy-api');
  });

  it("holds a paused trigger's digests as a Waiting rollout (Paused), and delivers the latest on resume", async () => {
    await create('paused', 'paused', `${receiver.url}/paused`, { paused: true });
    await map('paused', digest('d'));
    const first = await rolloutOf('paused', digest('d'), 'Waiting');
    expect(first.status).toMatchObject({ reason: 'Paused' });
    await map('paused', digest('e'));
    await rolloutOf('paused', digest('e'), 'Waiting');
    await rolloutOf('paused', digest('d'), 'Superseded');
    expect(requestsTo('/paused')).toHaveLength(0);
    expect(await statusOf('paused')).toBeUndefined();

    const current = JSON.parse((await call('GET', `${WHT}/paused`)).text) as KubeObject;
    expect((await call('PUT', `${WHT}/paused`, withPaused(current, false))).status).toBe(200);
    await rolloutOf('paused', digest('e'), 'Succeeded');
    expect(requestsTo('/paused')).toHaveLength(1);
    expect(JSON.parse(requestsTo('/paused')[0]!.body)).toMatchObject({ data: { newDigest: digest('e') } });
  });

  it('never shows the secret: not on GET, in lists, status or events', async () => {
    const everything = [
      (await call('GET', WHT)).text,
      (await call('GET', `${WHT}/deploy-web`)).text,
      (await call('GET', '/api/v1/namespaces/hooks/events')).text,
    ].join('\n');
    expect(everything).toContain(ENV);
    expect(everything).not.toContain(SECRET);
  });

  it('rejects a secret reference outside the IMAGESTREAMS_WEBHOOK_SECRET_ prefix and an inline secret', async () => {
    const byEnv = await create('bad-env', 'web', `${receiver.url}/x`, {
      secretRef: { env: 'AWS_SECRET_ACCESS_KEY' },
    });
    expect(byEnv.status).toBe(422);
    const inline = await create('bad-inline', 'web', `${receiver.url}/x`, { secret: 'hunter2' });
    expect(inline.status).toBe(422);
  });
});
