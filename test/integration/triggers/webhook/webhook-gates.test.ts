/**
 * Rollout gates on WebhookTriggers, against the real API server and a real HTTP receiver: a
 * malformed gate annotation is refused with 422 naming it (create and update); a trigger with
 * `imagestreams.io/approval: required` delivers nothing until its Rollout is approved through the
 * API, and nothing at all once rejected; a window holds the delivery until the injected clock
 * reaches it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import { startServer, type RunningServer } from '../../../../src/server/serve.js';
import { dockerTargetExtension } from '../../../../src/triggers/controller/serve-extension.js';
import { webhookTriggerExtension } from '../../../../src/triggers/webhook/serve-extension.js';
import { shiftedClock } from '../../../support/shifted-clock.js';
import { apiCaller } from '../../../support/api-call.js';
import { until } from '../../../support/until.js';
import { startReceiver, type Receiver } from '../../notifications/receiver.js';

const IMG = '/apis/image.openshift.io/v1/namespaces/hooks';
const WHT = '/apis/imagestreams.io/v1/namespaces/hooks/webhooktriggers';
const RO = '/apis/imagestreams.io/v1/namespaces/hooks/rollouts';
const WINDOW_KEY = 'imagestreams.io/rollout-window';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
/** Monday 21:59 UTC: the `Mon-Fri 22:00-23:00 UTC` window opens in a minute. */
const clock = shiftedClock(Date.parse('2030-01-07T21:59:00Z'));

let server: RunningServer;
let receiver: Receiver;
let dir: string;

const call = apiCaller(() => server.url);

const map = async (stream: string, d: string) => {
  await call('POST', `${IMG}/imagestreams`, {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: stream },
  });
  const r = await call('POST', `${IMG}/imagestreammappings`, {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamMapping',
    metadata: { name: stream },
    image: { metadata: { name: d }, dockerImageReference: `quay.io/team/${stream}@${d}` },
    tag: 'latest',
  });
  expect(r.status).toBe(201);
};

const trigger = (name: string, stream: string, annotations: Record<string, string>) => ({
  apiVersion: 'imagestreams.io/v1',
  kind: 'WebhookTrigger',
  metadata: { name, annotations },
  spec: { from: { kind: 'ImageStreamTag', name: `${stream}:latest` }, url: `${receiver.url}/${name}` },
});

const rolloutOf = (name: string, d: string, phase: string) =>
  until(
    `webhook:hooks/${name} ${phase} for ${d.slice(7, 12)}`,
    async () => {
      const list = (await call('GET', RO)).json.items as KubeObject[];
      return list.find((o) => {
        const spec = o.spec as Record<string, string>;
        const status = o.status as Record<string, string>;
        return spec.target === `webhook:hooks/${name}` && spec.toDigest === d && status.phase === phase;
      });
    },
    15_000,
    50,
  );

const decide = async (name: string, approval: string) => {
  const current = (await call('GET', `${RO}/${name}`)).json;
  return call('PUT', `${RO}/${name}`, { ...current, spec: { ...(current.spec as object), approval } });
};

const deliveries = (name: string) => receiver.requests.filter((r) => r.path === `/${name}`);

beforeAll(async () => {
  receiver = await startReceiver();
  dir = mkdtempSync(path.join(os.tmpdir(), 'is-webhook-gates-'));
  server = await startServer({
    listen: '127.0.0.1:0',
    dataDir: dir,
    extensions: [
      webhookTriggerExtension({ retry: { maxAttempts: 2, initialDelayMs: 20, maxDelayMs: 50 }, clock }),
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

describe('rollout gates on WebhookTriggers', () => {
  it('refuses a malformed window with 422 naming the annotation, on create and on update', async () => {
    const bad = await call('POST', WHT, trigger('bad', 'web', { [WINDOW_KEY]: 'Mon-Fri 22:00-25:00 UTC' }));
    expect(bad.status).toBe(422);
    const causes = (bad.json.details as { causes: Array<{ field: string }> }).causes;
    expect(causes.map((c) => c.field)).toContain(`metadata.annotations[${WINDOW_KEY}]`);
    expect(String(bad.json.message)).toContain('22:00-25:00');
    const good = await call('POST', WHT, trigger('good', 'web', { [WINDOW_KEY]: 'Mon-Fri 22:00-23:00 UTC' }));
    expect(good.status).toBe(201);
    const edit = await call('PUT', `${WHT}/good`, {
      ...good.json,
      metadata: {
        ...(good.json.metadata as object),
        annotations: { [WINDOW_KEY]: 'Mon 22:00-23:00 Nowhere/City' },
      },
    });
    expect(edit.status).toBe(422);
    expect(JSON.stringify(edit.json)).toContain(`metadata.annotations[${WINDOW_KEY}]`);
    const platform = await call('POST', WHT, trigger('plat', 'web', { 'imagestreams.io/platform': 'linux' }));
    expect(platform.status).toBe(422);
    expect(JSON.stringify(platform.json)).toContain('metadata.annotations[imagestreams.io/platform]');
  });

  it('delivers nothing outside the window, and delivers when the window opens', async () => {
    await map('web', digest('a'));
    const held = await rolloutOf('good', digest('a'), 'Waiting');
    expect((held.status as Record<string, string>).nextWindow).toBe('2030-01-07T22:00:00.000Z');
    await new Promise((r) => setTimeout(r, 300));
    expect(deliveries('good')).toHaveLength(0);
    clock.advance(60_000);
    const done = await rolloutOf('good', digest('a'), 'Succeeded');
    expect(done.metadata.name).toBe(held.metadata.name);
    await until('delivered', () => deliveries('good').length === 1, 5_000);
  });

  it('holds a delivery for approval, delivers once approved, and never after a rejection', async () => {
    expect(
      (await call('POST', WHT, trigger('appr', 'api', { 'imagestreams.io/approval': 'required' }))).status,
    ).toBe(201);
    await map('api', digest('b'));
    const held = await rolloutOf('appr', digest('b'), 'AwaitingApproval');
    await new Promise((r) => setTimeout(r, 300));
    expect(deliveries('appr')).toHaveLength(0);
    expect((await decide(held.metadata.name, 'Approved')).status).toBe(200);
    await rolloutOf('appr', digest('b'), 'Succeeded');
    await until('delivered once', () => deliveries('appr').length === 1, 5_000);
    expect((await decide(held.metadata.name, 'Rejected')).status).toBe(422);

    await map('api', digest('c'));
    const next = await rolloutOf('appr', digest('c'), 'AwaitingApproval');
    expect((await decide(next.metadata.name, 'Rejected')).status).toBe(200);
    const rejected = await rolloutOf('appr', digest('c'), 'Rejected');
    expect((rejected.status as Record<string, string>).rejectedDigest).toBe(digest('c'));
    await new Promise((r) => setTimeout(r, 300));
    expect(deliveries('appr')).toHaveLength(1);
  });
});
