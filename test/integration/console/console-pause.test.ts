/**
 * Pausing and resuming a trigger from the console, in a real headless Chromium against the real
 * server (a WebhookTrigger following a tag, the rollouts and triggerstates API, the console): the
 * stream page lists the targets that follow each tag; **Pause** asks for confirmation and writes
 * the target's TriggerState `spec.paused` through the API, as `isctl rollout pause` does; a tag
 * move then waits (Rollout `Waiting`, reason `Paused`, before any other gate) and nothing is
 * delivered; **Resume** lets the latest digest go on (here to its approval, then delivered). A
 * WebhookTrigger without gates is listed among the followers too, and the rollouts page pauses and
 * resumes each target the same way. No registry and no Docker engine needed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { consoleExtension } from '../../../src/console/serve-extension.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { dockerTargetExtension } from '../../../src/triggers/controller/serve-extension.js';
import { triggerStateName } from '../../../src/triggers/rollout-store.js';
import { webhookTriggerExtension } from '../../../src/triggers/webhook/serve-extension.js';
import { apiCaller } from '../../support/api-call.js';
import { ensureConsoleBuilt, screenshot, seriousViolations } from '../../support/browser.js';
import { consolePages } from '../../support/console-pages.js';
import { until } from '../../support/until.js';
import { startReceiver, type Receiver } from '../notifications/receiver.js';

const NS = 'paused';
const IMG = `/apis/image.openshift.io/v1/namespaces/${NS}`;
const TS = `/apis/imagestreams.io/v1/namespaces/${NS}/triggerstates`;
const RO = `/apis/imagestreams.io/v1/namespaces/${NS}/rollouts`;
const TARGET = `webhook:${NS}/hook`;
const digest = (c: string) => `sha256:${c.repeat(64)}`;

describe('pausing and resuming a trigger in the console', () => {
  let dir: string;
  let server: RunningServer;
  let receiver: Receiver;
  const call = apiCaller(() => server.url);
  const pages = consolePages(() => server.url);

  const map = async (d: string) => {
    const r = await call('POST', `${IMG}/imagestreammappings`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: 'app' },
      image: { metadata: { name: d }, dockerImageReference: `quay.io/team/app@${d}` },
      tag: 'latest',
    });
    expect(r.status).toBe(201);
  };
  const rollout = (d: string, phase: string) =>
    until(
      `${TARGET} ${phase} to ${d.slice(7, 13)}`,
      async () =>
        ((await call('GET', RO)).json.items as KubeObject[]).find(
          (o) =>
            (o.spec as Record<string, string>).toDigest === d &&
            (o.status as Record<string, string>).phase === phase,
        ),
      15_000,
      50,
    );
  const deliveries = () => receiver.requests.filter((r) => r.path === '/hook');
  const stateName = triggerStateName({
    target: TARGET,
    from: { namespace: NS, stream: 'app', tag: 'latest' },
  });

  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt();
    receiver = await startReceiver();
    dir = mkdtempSync(join(tmpdir(), 'console-pause-'));
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [
        webhookTriggerExtension({ retry: { maxAttempts: 2, initialDelayMs: 20, maxDelayMs: 50 } }),
        // serves rollouts and triggerstates, never touches Docker
        dockerTargetExtension({ disabled: true }),
        consoleExtension({ dir: consoleDir }),
      ],
    });
    await pages.start();
    await call('POST', `${IMG}/imagestreams`, {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'app' },
    });
    const created = await call('POST', `/apis/imagestreams.io/v1/namespaces/${NS}/webhooktriggers`, {
      apiVersion: 'imagestreams.io/v1',
      kind: 'WebhookTrigger',
      // approval makes each new digest a Rollout the page shows (an ungated delivery records none)
      metadata: { name: 'hook', annotations: { 'imagestreams.io/approval': 'required' } },
      spec: { from: { kind: 'ImageStreamTag', name: 'app:latest' }, url: `${receiver.url}/hook` },
    });
    expect(created.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await pages.closePages();
    await pages.close();
    await server?.close();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('pauses a following target after confirmation, holds tag moves as Waiting (Paused), and resumes it', async () => {
    await map(digest('a'));
    await rollout(digest('a'), 'AwaitingApproval');
    const { page, errors } = await pages.open(`/console/ns/${NS}/imagestreams/app`);
    const row = page.locator(`tr[data-target="${TARGET}"]`);
    await expect.poll(() => row.getAttribute('data-paused'), { timeout: 10_000 }).toBe('false');
    expect(await row.textContent()).toContain('AwaitingApproval');

    // Cancel writes nothing
    const pause = page.getByRole('button', { name: `Pause ${TARGET} on latest` });
    await pause.click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await call('GET', `${TS}/${stateName}`)).status).toBe(404);

    await pause.click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain(`isctl rollout pause ${TARGET} --tag app:latest`);
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row.getAttribute('data-paused'), { timeout: 10_000 }).toBe('true');
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: `${TARGET} (app:latest) paused` })
        .count(),
    ).toBe(1);
    expect(((await call('GET', `${TS}/${stateName}`)).json.spec as Record<string, unknown>).paused).toBe(
      true,
    );
    // the pause holds before the other gates: the digest awaiting approval now waits, paused
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Waiting: Paused');

    await map(digest('b'));
    await rollout(digest('a'), 'Superseded');
    const held = await rollout(digest('b'), 'Waiting');
    expect((held.status as Record<string, string>).reason).toBe('Paused');
    await expect.poll(() => row.locator('a').getAttribute('href')).toContain(held.metadata.name);
    await screenshot(page, 'stream-follower-paused');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: `Resume ${TARGET} on latest` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => row.getAttribute('data-paused'), { timeout: 10_000 }).toBe('false');
    // resumed: the latest digest goes on to the next gate (approval), the superseded one never
    const awaiting = await rollout(digest('b'), 'AwaitingApproval');
    expect(awaiting.metadata.name).toBe(held.metadata.name);
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('AwaitingApproval');
    const approved = await call('PUT', `${RO}/${awaiting.metadata.name}`, {
      ...awaiting,
      spec: { ...(awaiting.spec as object), approval: 'Approved' },
    });
    expect(approved.status).toBe(200);
    await rollout(digest('b'), 'Succeeded');
    await until('delivered once, on resume', () => deliveries().length === 1, 5_000);
    expect(JSON.parse(deliveries()[0]!.body)).toMatchObject({ data: { newDigest: digest('b') } });
    expect(errors).toEqual([]);
  });

  it('lists a WebhookTrigger without gates among the followers, and pauses and resumes it from the rollouts page', async () => {
    const plain = `webhook:${NS}/plain`;
    const created = await call('POST', `/apis/imagestreams.io/v1/namespaces/${NS}/webhooktriggers`, {
      apiVersion: 'imagestreams.io/v1',
      kind: 'WebhookTrigger',
      metadata: { name: 'plain' },
      spec: { from: { kind: 'ImageStreamTag', name: 'app:latest' }, url: `${receiver.url}/plain` },
    });
    expect(created.status).toBe(201);
    // ungated, it records no Rollout and no TriggerState: it follows the tag all the same
    const stream = await pages.open(`/console/ns/${NS}/imagestreams/app`);
    const follower = stream.page.locator(`section[data-tag="latest"] tr[data-target="${plain}"]`);
    await expect.poll(() => follower.getAttribute('data-paused'), { timeout: 10_000 }).toBe('false');
    expect(stream.errors).toEqual([]);
    await stream.page.close();

    const { page, errors } = await pages.open(`/console/ns/${NS}/rollouts`);
    const row = page.locator(`tr[data-target="${plain}"][data-tag="app:latest"]`);
    await expect.poll(() => row.getAttribute('data-paused'), { timeout: 10_000 }).toBe('false');
    const plainState = triggerStateName({
      target: plain,
      from: { namespace: NS, stream: 'app', tag: 'latest' },
    });
    const pausedInApi = async () =>
      ((await call('GET', `${TS}/${plainState}`)).json.spec as Record<string, unknown> | undefined)?.paused;

    // Cancel writes nothing
    await page.getByRole('button', { name: `Pause ${plain} on app:latest` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect((await call('GET', `${TS}/${plainState}`)).status).toBe(404);

    await page.getByRole('button', { name: `Pause ${plain} on app:latest` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain(`isctl rollout pause ${plain} --tag app:latest`);
    await dialog.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => row.getAttribute('data-paused'), { timeout: 10_000 }).toBe('true');
    expect(await pausedInApi()).toBe(true);
    await screenshot(page, 'rollouts-target-paused');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: `Resume ${plain} on app:latest` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => row.getAttribute('data-paused'), { timeout: 10_000 }).toBe('false');
    expect(await pausedInApi()).toBe(false);
    expect(errors).toEqual([]);
  });
});
