/**
 * Approving and rejecting a held rollout from the console, in a real headless Chromium against
 * the real server (WebhookTriggers with rollout gates, the rollouts API, the console): a rollout
 * awaiting approval shows its phase and reason with Approve / Reject buttons on the rollouts page
 * and on its own page; each asks for confirmation and writes `spec.approval` through the API, as
 * `isctl approve|reject rollout` does; the webhook is then delivered (approved) or not (rejected);
 * a decision the API refuses (422, decided meanwhile) stays in the dialog; a rollout held outside
 * its window shows Waiting and when the window opens. No registry and no Docker engine needed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { consoleExtension } from '../../../src/console/serve-extension.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { dockerTargetExtension } from '../../../src/triggers/controller/serve-extension.js';
import { webhookTriggerExtension } from '../../../src/triggers/webhook/serve-extension.js';
import { apiCaller } from '../../support/api-call.js';
import { ensureConsoleBuilt, screenshot, seriousViolations } from '../../support/browser.js';
import { shiftedClock } from '../../support/shifted-clock.js';
import { consolePages } from '../../support/console-pages.js';
import { until } from '../../support/until.js';
import { startReceiver, type Receiver } from '../notifications/receiver.js';

const NS = 'gates';
const IMG = `/apis/image.openshift.io/v1/namespaces/${NS}`;
const WHT = `/apis/imagestreams.io/v1/namespaces/${NS}/webhooktriggers`;
const RO = `/apis/imagestreams.io/v1/namespaces/${NS}/rollouts`;
const digest = (c: string) => `sha256:${c.repeat(64)}`;
/** Monday 21:59 UTC: a `Mon-Fri 22:00-23:00 UTC` window opens in a minute (never advanced here). */
const clock = shiftedClock(Date.parse('2030-01-07T21:59:00Z'));

describe('approving and rejecting rollouts in the console', () => {
  let dir: string;
  let server: RunningServer;
  let receiver: Receiver;
  const call = apiCaller(() => server.url);
  const pages = consolePages(() => server.url);
  const open = (path: string) => pages.open(path);

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

  const trigger = async (name: string, stream: string, annotations: Record<string, string>) => {
    const r = await call('POST', WHT, {
      apiVersion: 'imagestreams.io/v1',
      kind: 'WebhookTrigger',
      metadata: { name, annotations },
      spec: { from: { kind: 'ImageStreamTag', name: `${stream}:latest` }, url: `${receiver.url}/${name}` },
    });
    expect(r.status).toBe(201);
  };

  const held = (name: string, d: string, phase: string) =>
    until(
      `webhook:${NS}/${name} ${phase}`,
      async () =>
        ((await call('GET', RO)).json.items as KubeObject[]).find((o) => {
          const spec = o.spec as Record<string, string>;
          const status = o.status as Record<string, string>;
          return spec.target === `webhook:${NS}/${name}` && spec.toDigest === d && status.phase === phase;
        }),
      15_000,
      50,
    );

  const deliveries = (name: string) => receiver.requests.filter((r) => r.path === `/${name}`);

  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt();
    receiver = await startReceiver();
    dir = mkdtempSync(join(tmpdir(), 'console-approval-'));
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      extensions: [
        webhookTriggerExtension({ retry: { maxAttempts: 2, initialDelayMs: 20, maxDelayMs: 50 }, clock }),
        // serves rollouts.imagestreams.io, never touches Docker
        dockerTargetExtension({ disabled: true }),
        consoleExtension({ dir: consoleDir }),
      ],
    });
    await pages.start();
  }, 180_000);

  afterEach(() => pages.closePages());

  afterAll(async () => {
    await pages.close();
    await server?.close();
    await receiver?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('approves a waiting rollout from the rollouts page, after confirmation, and the webhook is delivered', async () => {
    await trigger('api', 'api', { 'imagestreams.io/approval': 'required' });
    await map('api', digest('a'));
    const rollout = await held('api', digest('a'), 'AwaitingApproval');
    const name = rollout.metadata.name;
    const { page, errors } = await open(`/console/ns/${NS}/rollouts`);
    const row = page.locator(`#rollout-${name}`);
    await expect.poll(() => row.locator('[data-phase]').getAttribute('data-phase')).toBe('AwaitingApproval');
    await screenshot(page, 'rollouts-awaiting-approval');
    expect(await seriousViolations(page)).toEqual([]);

    // Cancel writes nothing
    await page.getByRole('button', { name: `Approve rollout ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await new Promise((r) => setTimeout(r, 300));
    expect(((await call('GET', `${RO}/${name}`)).json.spec as Record<string, unknown>).approval).toBe(
      undefined,
    );
    expect(deliveries('api')).toHaveLength(0);

    await page.getByRole('button', { name: `Approve rollout ${name}` }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain(`isctl approve rollout ${name}`);
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: `${name} approved` })
          .count(),
      )
      .toBe(1);
    await expect
      .poll(() => row.locator('[data-phase]').getAttribute('data-phase'), { timeout: 10_000 })
      .toBe('Succeeded');
    expect(await page.getByRole('button', { name: `Approve rollout ${name}` }).count()).toBe(0);
    expect(((await call('GET', `${RO}/${name}`)).json.spec as Record<string, unknown>).approval).toBe(
      'Approved',
    );
    await until('delivered once', () => deliveries('api').length === 1, 5_000);
    expect(errors).toEqual([]);
  });

  it("rejects a waiting rollout from the rollout's page; nothing is delivered", async () => {
    await trigger('web', 'web', { 'imagestreams.io/approval': 'required' });
    await map('web', digest('b'));
    const name = (await held('web', digest('b'), 'AwaitingApproval')).metadata.name;
    const { page, errors } = await open(`/console/ns/${NS}/rollouts/${name}`);
    await page.waitForSelector('[data-result="AwaitingApproval"]', { timeout: 10_000 });
    await screenshot(page, 'rollout-awaiting-approval');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: `Reject rollout ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Reject' }).click();
    await page.waitForSelector('[data-result="Rejected"]', { timeout: 10_000 });
    expect(await page.locator('main dl').textContent()).toContain('Rejected');
    expect(
      await page
        .getByRole('status')
        .filter({ hasText: `${name} rejected` })
        .count(),
    ).toBe(1);
    const after = (await call('GET', `${RO}/${name}`)).json;
    expect((after.status as Record<string, string>).rejectedDigest).toBe(digest('b'));
    await new Promise((r) => setTimeout(r, 300));
    expect(deliveries('web')).toHaveLength(0);
    expect(errors).toEqual([]);
  });

  it('a decision the API refuses (decided meanwhile) stays in the dialog with the reason', async () => {
    await trigger('db', 'db', { 'imagestreams.io/approval': 'required' });
    await map('db', digest('c'));
    const name = (await held('db', digest('c'), 'AwaitingApproval')).metadata.name;
    const { page } = await open(`/console/ns/${NS}/rollouts/${name}`);
    await page.getByRole('button', { name: `Approve rollout ${name}` }).click();
    // someone else rejects it while the dialog is open
    const current = (await call('GET', `${RO}/${name}`)).json;
    const put = await call('PUT', `${RO}/${name}`, {
      ...current,
      spec: { ...(current.spec as object), approval: 'Rejected' },
    });
    expect(put.status).toBe(200);
    await page.waitForSelector('[data-result="Rejected"]', { timeout: 10_000 });
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('spec.approval');
    expect(await dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(deliveries('db')).toHaveLength(0);
  });

  it('a rollout held outside its window shows Waiting, its reason and when the window opens', async () => {
    await trigger('batch', 'batch', { 'imagestreams.io/rollout-window': 'Mon-Fri 22:00-23:00 UTC' });
    await map('batch', digest('d'));
    const rollout = await held('batch', digest('d'), 'Waiting');
    const name = rollout.metadata.name;
    const list = await open(`/console/ns/${NS}/rollouts`);
    const cell = list.page.locator(`#rollout-${name} [data-phase]`);
    await expect.poll(() => cell.getAttribute('data-phase')).toBe('Waiting');
    expect(await cell.textContent()).toContain('Waiting: OutsideWindow');
    expect(await cell.locator('time').getAttribute('datetime')).toBe('2030-01-07T22:00:00.000Z');
    expect(await list.page.getByRole('button', { name: `Approve rollout ${name}` }).count()).toBe(0);

    const detail = await open(`/console/ns/${NS}/rollouts/${name}`);
    const facts = detail.page.locator('main dl');
    await expect.poll(() => facts.textContent()).toContain('Next window');
    expect(await facts.textContent()).toContain('2030-01-07T22:00:00.000Z');
    expect(await facts.textContent()).toContain('Waiting: OutsideWindow');
    await screenshot(detail.page, 'rollout-waiting');
    expect(await seriousViolations(detail.page)).toEqual([]);
    const dark = await pages.browser.newContext({ colorScheme: 'dark' });
    try {
      const page = await dark.newPage();
      await page.goto(`${server.url}/console/ns/${NS}/rollouts`);
      await page.waitForSelector('[data-watch="live"]', { timeout: 15_000 });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await dark.close();
    }
    expect([...list.errors, ...detail.errors]).toEqual([]);
  });
});
