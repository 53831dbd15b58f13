/**
 * The web console in a real headless Chromium against the real server (importer, registry
 * notifications, rollouts, the console extension, as `isctl serve` runs them) and the real
 * Debian docker-registry: the stream page shows the history; a push moves the tag on the open
 * page without a reload; promote, roll back and import now through the UI move tags; the other
 * pages follow the watch; sign-in with a token; axe-core finds no serious violation in light or
 * dark; nothing breaks the CSP; a narrow screen needs no sideways scrolling. Screenshots of each
 * page are written to test-results/console/.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { consoleExtension } from '../../../src/console/serve-extension.js';
import { importerExtensionFromSettings } from '../../../src/importer/serve-extension.js';
import { notificationsExtensionFromSettings } from '../../../src/notifications/serve-extension.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { dockerTargetExtensionFromSettings } from '../../../src/triggers/controller/serve-extension.js';
import { createRolloutStore } from '../../../src/triggers/rollout-store.js';
import { ensureConsoleBuilt, launchChromium, screenshot, seriousViolations } from '../../support/browser.js';
import { consolePages } from '../../support/console-pages.js';
import { pushImage, startRegistry, type TestRegistry } from '../../support/registry/index.js';
import { until } from '../../support/until.js';

const NOTIFY_TOKEN = 'console-notify-token';
const API = '/apis/image.openshift.io/v1/namespaces/default/imagestreams';

interface Stream {
  spec: { tags?: { name: string; from?: { kind: string; name: string } }[] };
  status?: { tags?: { tag: string; items: { image: string }[] | null }[] };
}

describe('the web console in a browser', () => {
  let dir: string;
  let consoleDir: string;
  let server: RunningServer;
  let registry: TestRegistry;
  let quiet: TestRegistry;
  const digests: string[] = [];

  const stream = async (name: string): Promise<Stream> =>
    (await (await fetch(`${server.url}${API}/${name}`)).json()) as Stream;
  const history = async (name: string, tag: string): Promise<string[]> =>
    ((await stream(name)).status?.tags?.find((t) => t.tag === tag)?.items ?? []).map((i) => i.image);
  const createStream = async (name: string, from: string): Promise<void> => {
    const res = await fetch(`${server.url}${API}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name },
        spec: {
          tags: [
            { name: 'latest', from: { kind: 'DockerImage', name: from }, importPolicy: { insecure: true } },
          ],
        },
      }),
    });
    expect(res.status).toBe(201);
  };
  const push = async (version: number): Promise<string> => {
    const pushed = await pushImage(registry, 'team/app', 'latest', { env: [`VERSION=${version}`] });
    digests.push(pushed.digest);
    return pushed.digest;
  };
  const pages = consolePages(() => server.url);
  const open = (path: string, ctx?: BrowserContext) => pages.open(path, ctx);
  const currentImage = (page: Page, tag: string) =>
    page.locator(`section[data-tag="${tag}"] [data-current-image]`).getAttribute('data-current-image');

  beforeAll(async () => {
    consoleDir = await ensureConsoleBuilt();
    dir = mkdtempSync(join(tmpdir(), 'console-it-'));
    const settings = { notificationsToken: NOTIFY_TOKEN, coalesceWindowMs: 50, disableDockerTarget: true };
    const extensions = [
      await importerExtensionFromSettings(settings),
      await notificationsExtensionFromSettings(settings),
      await dockerTargetExtensionFromSettings(settings),
      consoleExtension({ dir: consoleDir }),
    ].filter((e) => e !== undefined);
    server = await startServer({ listen: '127.0.0.1:0', dataDir: dir, extensions });
    registry = await startRegistry({
      auth: 'none',
      notify: {
        url: `${server.url}/notifications/distribution`,
        token: NOTIFY_TOKEN,
        timeout: '2s',
        threshold: 3,
        backoff: '200ms',
      },
    });
    // a registry that tells nobody about pushes: only "import now" brings its images in
    quiet = await startRegistry({ auth: 'none' });
    await push(1);
    await createStream('app', `${registry.host}/team/app:latest`);
    await until('the first import', async () => (await history('app', 'latest'))[0] === digests[0], 20_000);
    await push(2);
    await until('the second import', async () => (await history('app', 'latest'))[0] === digests[1], 20_000);
    await createStream('manual', `${quiet.host}/team/manual:1`);
    await pages.start();
  }, 180_000);

  afterEach(() => pages.closePages());

  afterAll(async () => {
    await pages.close();
    await registry?.stop();
    await quiet?.stop();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the stream page shows each tag with its source and its history, on a timeline', async () => {
    const { page, errors } = await open('/console/ns/default/imagestreams/app');
    const latest = page.locator('section[data-tag="latest"]');
    await expect.poll(() => latest.locator('table.history tbody tr').count()).toBe(2);
    expect(await currentImage(page, 'latest')).toBe(digests[1]);
    const rows = latest.locator('table.history tbody tr a.digest');
    expect(await rows.nth(0).getAttribute('title')).toBe(digests[1]);
    expect(await rows.nth(1).getAttribute('title')).toBe(digests[0]);
    expect(await latest.textContent()).toContain(`DockerImage ${registry.host}/team/app:latest`);
    expect(await latest.locator('[data-state]').getAttribute('data-state')).toBe('imported');
    const canvas = page.locator('figure.timeline canvas');
    expect(await canvas.getAttribute('aria-label')).toContain('2 history items across 1 tags');
    // Chart.js drew on it: some pixels are not transparent (evaluated in the page, where the DOM is)
    const drawn = await page.evaluate(`(() => {
      const c = document.querySelector('figure.timeline canvas');
      const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return n;
    })()`);
    expect(drawn as number).toBeGreaterThan(500);
    await screenshot(page, 'stream');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a push moves the tag on the open page, without a reload', async () => {
    const { page, errors } = await open('/console/ns/default/imagestreams/app');
    await page.evaluate('window.notReloaded = true');
    const started = Date.now();
    const digest = await push(3);
    await page.waitForSelector(`section[data-tag="latest"] [data-current-image="${digest}"]`, {
      timeout: 15_000,
    });
    const ms = Date.now() - started;
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    expect(await page.locator('section[data-tag="latest"] table.history tbody tr').count()).toBe(3);
    console.log(`push to tag moved on the open page: ${ms} ms (push included)`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('promote through the UI points another tag at a history item', async () => {
    const { page } = await open('/console/ns/default/imagestreams/app');
    const v1 = digests[0] ?? '';
    await page.getByRole('button', { name: `Promote ${v1}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Tag to point at it').fill('prod');
    await dialog.getByRole('button', { name: 'Promote' }).click();
    await page.waitForSelector(`section[data-tag="prod"] [data-current-image="${v1}"]`, { timeout: 15_000 });
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Tag app:prod set to' }).count())
      .toBe(1);
    const prod = (await stream('app')).spec.tags?.find((t) => t.name === 'prod');
    expect(prod?.from).toEqual({ kind: 'ImageStreamImage', name: `app@${v1}` });
    expect((await history('app', 'prod'))[0]).toBe(v1);
    await page.close();
  });

  it('roll back through the UI points the tag at an older item of its history', async () => {
    const { page } = await open('/console/ns/default/imagestreams/app');
    const v2 = digests[1] ?? '';
    await page.getByRole('button', { name: `Roll back latest to ${v2}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Roll back' }).click();
    await page.waitForSelector(`section[data-tag="latest"] [data-current-image="${v2}"]`, {
      timeout: 15_000,
    });
    expect((await history('app', 'latest'))[0]).toBe(v2);
    // the picture in docs/images/console-stream.png: a history with moves, a promotion, a roll back
    await screenshot(page, 'stream-after-rollback');
    await page.close();
  });

  it('the overview lists the failing import first, and import now through the UI brings the image in', async () => {
    await until(
      'the import of a missing image to fail',
      async () => (await fetch(`${server.url}${API}/manual`).then((r) => r.text())).includes('"False"'),
      20_000,
    );
    const { page, errors } = await open('/console/');
    const failures = page.locator('ul.failures li');
    await expect.poll(() => failures.count()).toBe(1);
    expect(await failures.first().textContent()).toContain('default/manual:latest import failed');
    const headings = await page.locator('main h2').allTextContents();
    expect(headings).toEqual(['Failures', 'Namespaces', 'Recently moved']);
    expect(await page.locator('ul.moves li').first().textContent()).toContain('default/app:');
    await screenshot(page, 'overview');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);

    const pushed = await pushImage(quiet, 'team/manual', '1');
    // three pages side by side in the same browser context: a browser keeps at most 6 HTTP/1.1
    // connections per server and profile; the object watches of the overview and the stream page
    // are WebSockets, which do not count, and the stream list's Table watch holds one connection,
    // so the import's request does not wait behind them
    // the stream list reads Table rows: the failure comes from the row's condition, live
    const list = await open('/console/ns/default/imagestreams');
    const failingCell = list.page.locator('tbody tr', { hasText: 'manual' }).locator('td').last();
    await expect.poll(() => failingCell.textContent()).toBe('1 failing');
    expect(await failingCell.getAttribute('title')).toMatch(/^latest/);
    const detail = await open('/console/ns/default/imagestreams/manual');
    expect(
      await detail.page.locator('section[data-tag="latest"] [data-state]').getAttribute('data-state'),
    ).toBe('failed');
    await detail.page.getByRole('button', { name: 'Import now latest' }).click();
    await detail.page.getByRole('dialog').getByRole('button', { name: 'Import now' }).click();
    await detail.page.waitForSelector(`section[data-tag="latest"] [data-current-image="${pushed.digest}"]`, {
      timeout: 15_000,
    });
    // the failure leaves the overview and the stream list by themselves
    await expect.poll(() => failures.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => failingCell.textContent(), { timeout: 10_000 }).toBe('-');
    expect(list.errors).toEqual([]);
    expect(detail.errors).toEqual([]);
    await list.page.close();
    await detail.page.close();
    await page.close();
  });

  it('the image, stream list, rollouts and events pages follow the watch', async () => {
    const v2 = digests[1] ?? '';
    const image = await open(`/console/images/${v2}`);
    expect(await image.page.locator('main').textContent()).toContain('default/app:latest');
    expect(await image.page.locator('ul.env').textContent()).toContain('VERSION=2');
    expect(await image.page.locator('ol.layers li').count()).toBeGreaterThan(0);
    await screenshot(image.page, 'image');

    const list = await open('/console/ns/default/imagestreams');
    expect(await list.page.locator('tbody tr').count()).toBe(2);
    await screenshot(list.page, 'streams');

    const rollouts = await open('/console/ns/default/rollouts');
    const recorder = createRolloutStore({ store: server.store }).recorder({
      namespace: 'default',
      stream: 'app',
      tag: 'latest',
    });
    const record = {
      id: 'r-1',
      target: 'docker:compose/shop/web',
      containers: ['web-1'],
      fromDigest: digests[0],
      toDigest: v2,
      toReference: `${registry.host}/team/app@${v2}`,
      started: new Date().toISOString(),
      finished: undefined,
      result: undefined,
      steps: [{ at: new Date().toISOString(), container: '', action: 'pull' as const, ok: true }],
    };
    await recorder.progress?.(record);
    await rollouts.page.waitForSelector('#rollout-r-1', { timeout: 10_000 });
    expect(await rollouts.page.locator('#rollout-r-1').textContent()).toContain('Running');
    await rollouts.page.getByRole('link', { name: 'rollout r-1' }).click();
    await rollouts.page.waitForURL(/\/console\/ns\/default\/rollouts\/r-1$/);
    await rollouts.page.waitForSelector('[data-result="Running"]', { timeout: 10_000 });
    // the rollout ends while its page is open
    await recorder.finished({
      ...record,
      finished: new Date().toISOString(),
      result: 'RolledBack',
      reason: 'health check failed',
      steps: [
        ...record.steps,
        { at: new Date().toISOString(), container: 'web-1', action: 'rollback', ok: true },
      ],
    });
    await rollouts.page.waitForSelector('[data-result="RolledBack"]', { timeout: 10_000 });
    expect(await rollouts.page.locator('main table tbody tr').count()).toBe(2);
    expect(await rollouts.page.locator('main dl').textContent()).toContain('RolledBack: health check failed');
    await screenshot(rollouts.page, 'rollout');
    await rollouts.page.goBack();
    await rollouts.page.waitForSelector('[data-watch="live"]');
    expect(await rollouts.page.locator('#rollout-r-1').textContent()).toContain(
      'RolledBack: health check failed',
    );
    await screenshot(rollouts.page, 'rollouts');

    const events = await open('/console/ns/default/events');
    await expect.poll(() => events.page.locator('tbody tr').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await screenshot(events.page, 'events');
    for (const p of [image, list, rollouts, events]) {
      expect(await seriousViolations(p.page)).toEqual([]);
      expect(p.errors).toEqual([]);
      await p.page.close();
    }
  });

  it('axe-core finds no serious violation on the stream page, light or dark, and a narrow screen does not scroll sideways', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const ctx = await pages.browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
      const { page } = await open('/console/ns/default/imagestreams/app', ctx);
      expect(await seriousViolations(page)).toEqual([]);
      if (colorScheme === 'dark') await screenshot(page, 'stream-dark');
      await ctx.close();
    }
    const narrow = await pages.browser.newContext({ viewport: { width: 375, height: 800 }, isMobile: true });
    const { page } = await open('/console/ns/default/imagestreams/app', narrow);
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    await screenshot(page, 'stream-narrow');
    const wide = await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .filter((e) => !e.closest('.table-wrap'))
      .map((e) => e.tagName + '.' + e.className)`);
    expect(wide).toEqual([]);
    expect(overflow).toBeLessThanOrEqual(0);
    await narrow.close();
  });

  it('watches over a streamed response where the WebSocket handshake fails', async () => {
    const ctx = await pages.browser.newContext({ viewport: { width: 1280, height: 900 } });
    // as a browser sees a proxy that does not upgrade: the socket closes before it opened
    await ctx.addInitScript({
      content: `window.WebSocket = class {
        constructor() { setTimeout(() => this.onclose?.({ code: 1006 }), 0); }
        close() {}
      };`,
    });
    const { page, errors } = await open('/console/ns/default/imagestreams', ctx);
    const rows = page.locator('tbody tr');
    const before = await rows.count();
    const res = await fetch(`${server.url}${API}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        metadata: { name: 'streamed' },
      }),
    });
    expect(res.status).toBe(201);
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before + 1);
    expect(errors).toEqual([]);
    await ctx.close();
    await fetch(`${server.url}${API}/streamed`, { method: 'DELETE' });
  });
});

describe('signing in to the console with a token', () => {
  let dir: string;
  let server: RunningServer;
  let browser: Browser;
  const TOKEN = 'console-viewer-token';

  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt();
    dir = mkdtempSync(join(tmpdir(), 'console-auth-'));
    const tokens = join(dir, 'tokens.csv');
    writeFileSync(tokens, `${TOKEN},viewer,1002,"imagestreams:read:*"\n`);
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: join(dir, 'data'),
      tokenAuthFile: tokens,
      extensions: [consoleExtension({ dir: consoleDir })],
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('asks for a token, refuses a wrong one, keeps the right one for the tab only', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const sockets: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    await page.goto(`${server.url}/console/ns/default/imagestreams`);
    await page.waitForURL(/\/console\/sign-in\?next=/, { timeout: 10_000 });
    await page.getByLabel('Token').fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('did not accept');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');

    await page.getByLabel('Token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/console\/ns\/default\/imagestreams$/, { timeout: 10_000 });
    await page.waitForSelector('[data-watch="live"]', { timeout: 10_000 });
    // the stream list's Table watch is streamed (a WebSocket cannot ask for Table rows); the
    // stream page's object watches are WebSockets, the token a subprotocol, not in the URL
    await page.goto(`${server.url}/console/ns/default/imagestreams/absent`);
    await page.waitForSelector('[data-watch="live"]', { timeout: 10_000 });
    expect(sockets.some((u) => u.includes('watch=true'))).toBe(true);
    expect(sockets.join(' ')).not.toContain(TOKEN);
    expect(await page.evaluate('Object.values(sessionStorage)')).toEqual([TOKEN]);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    await page.reload();
    await page.waitForSelector('[data-watch="live"]', { timeout: 10_000 });

    // another tab (another browsing context) has to sign in again
    const other = await browser.newContext();
    const second = await other.newPage();
    await second.goto(`${server.url}/console/`);
    await second.waitForURL(/\/console\/sign-in/, { timeout: 10_000 });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/console\/sign-in/, { timeout: 10_000 });
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await other.close();
    await context.close();
  });
});
