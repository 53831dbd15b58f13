/**
 * The builds pages of the console in a real headless Chromium against the real server (the
 * builds API and its log route, the console): "Start build" on a BuildConfig instantiates it
 * through the API after confirmation, as `isctl start-build` does; the builds page follows the
 * watch (the new build appears, its phase moves); the build page follows its log through
 * `builds/NAME/log?follow=true` as it is written and sees the log end with the build. The build
 * controller is off (no Docker engine): the test writes the build's progress and log where the
 * controller writes them (the Build's status, the log writer), and the server serves them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildLogWriter, type BuildLogWriter } from '../../../src/builds/build-log.js';
import type { Build } from '../../../src/builds/schema.js';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import { consoleExtension } from '../../../src/console/serve-extension.js';
import { startServer, type RunningServer } from '../../../src/server/serve.js';
import { BUILDS } from '../../../src/store/resource-types.js';
import { apiCaller } from '../../support/api-call.js';
import { consolePages } from '../../support/console-pages.js';
import { ensureConsoleBuilt, screenshot, seriousViolations } from '../../support/browser.js';

const NS = 'team-a';
const BC = `/apis/build.openshift.io/v1/namespaces/${NS}/buildconfigs`;
const BUILD = `/apis/build.openshift.io/v1/namespaces/${NS}/builds`;

describe('the builds pages of the console', () => {
  let dir: string;
  let server: RunningServer;
  const call = apiCaller(() => server.url);
  const pages = consolePages(() => server.url);
  const open = (path: string) => pages.open(path);

  /** what the build controller does as a build runs: its status, as it writes it */
  const setStatus = async (name: string, status: Partial<NonNullable<Build['status']>>) => {
    const current = (await server.store.get(BUILDS, NS, name)) as Build;
    await server.store.update(BUILDS, { ...current, status: { ...current.status, ...status } });
  };

  beforeAll(async () => {
    const consoleDir = await ensureConsoleBuilt();
    dir = mkdtempSync(join(tmpdir(), 'console-builds-'));
    server = await startServer({
      listen: '127.0.0.1:0',
      dataDir: dir,
      // the API and the log route; no build controller, so no Docker engine
      extensions: [buildsExtension({ enabled: false }), consoleExtension({ dir: consoleDir })],
    });
    const created = await call('POST', BC, {
      apiVersion: 'build.openshift.io/v1',
      kind: 'BuildConfig',
      metadata: { name: 'app' },
      spec: {
        source: { dockerfile: 'FROM scratch\nCOPY app /app\n' },
        strategy: { dockerStrategy: {} },
        output: { to: { kind: 'ImageStreamTag', name: 'app:latest' } },
      },
    });
    expect(created.status).toBe(201);
    await pages.start();
  }, 180_000);

  afterEach(() => pages.closePages());

  afterAll(async () => {
    await pages.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('starts a build of a BuildConfig after confirmation, and the new build appears on the open page', async () => {
    const { page, errors } = await open(`/console/ns/${NS}/builds`);
    await page.waitForSelector('#bc-app');
    expect(await page.locator('#bc-app').textContent()).toContain('ImageStreamTag app:latest');
    expect(await page.locator('main').textContent()).toContain('No builds.');
    // Cancel starts nothing
    await page.getByRole('button', { name: 'Start build of app' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await new Promise((r) => setTimeout(r, 300));
    expect((await call('GET', BUILD)).json.items).toEqual([]);

    await page.getByRole('button', { name: 'Start build of app' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.textContent()).toContain('isctl start-build app');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Start build' }).click();
    await expect
      .poll(() =>
        page.getByRole('status').filter({ hasText: 'build.build.openshift.io/app-1 started' }).count(),
      )
      .toBe(1);
    const row = page.locator('#build-app-1');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.locator('[data-phase]').getAttribute('data-phase')).toBe('New');
    expect(await row.textContent()).toContain('Manually triggered');
    const stored = (await call('GET', `${BUILD}/app-1`)).json as unknown as Build;
    expect(stored.spec.triggeredBy).toEqual([{ message: 'Manually triggered' }]);
    expect(await page.locator('#bc-app').textContent()).toContain('1');

    // the phase moves on the open page
    await setStatus('app-1', { phase: 'Running', startTimestamp: new Date().toISOString() });
    await expect
      .poll(() => row.locator('[data-phase]').getAttribute('data-phase'), { timeout: 10_000 })
      .toBe('Running');
    await screenshot(page, 'builds');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("the build page follows the build's log as it is written, until the build ends", async () => {
    let log: BuildLogWriter | undefined = buildLogWriter(server.store, NS, 'app-1', []);
    log.write('Step 1/2 : FROM scratch\n');
    await log.flush();
    const { page, errors } = await open(`/console/ns/${NS}/builds/app-1`);
    await page.evaluate('window.notReloaded = true');
    const pre = page.locator('pre.build-log');
    await expect.poll(() => pre.textContent(), { timeout: 10_000 }).toContain('Step 1/2 : FROM scratch');
    expect(await page.locator('[data-log]').getAttribute('data-log')).toBe('following');
    expect(await page.locator('dl [data-phase]').getAttribute('data-phase')).toBe('Running');

    log.write('Step 2/2 : COPY app /app\n');
    await log.flush();
    await expect.poll(() => pre.textContent(), { timeout: 10_000 }).toContain('Step 2/2 : COPY app /app');
    log.write('Successfully built 0123456789ab\n');
    await log.flush();
    log = undefined;
    await setStatus('app-1', {
      phase: 'Complete',
      completionTimestamp: new Date().toISOString(),
      outputDockerImageReference: 'registry.local/team-a/app:latest',
    });
    await page.waitForSelector('dl [data-phase="Complete"]', { timeout: 10_000 });
    await page.waitForSelector('[data-log="ended"]', { timeout: 10_000 });
    expect(await pre.textContent()).toBe(
      'Step 1/2 : FROM scratch\nStep 2/2 : COPY app /app\nSuccessfully built 0123456789ab\n',
    );
    expect(await page.evaluate('window.notReloaded')).toBe(true);
    await screenshot(page, 'build');
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('axe-core finds no serious violation on the builds pages in dark, and the log does not widen a narrow screen', async () => {
    const dark = await pages.browser.newContext({
      colorScheme: 'dark',
      viewport: { width: 375, height: 800 },
    });
    try {
      for (const path of [`/console/ns/${NS}/builds`, `/console/ns/${NS}/builds/app-1`]) {
        const page = await dark.newPage();
        await page.goto(`${server.url}${path}`);
        await page.waitForSelector('[data-watch="live"]', { timeout: 15_000 });
        expect(await seriousViolations(page)).toEqual([]);
        const overflow = await page.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        );
        expect(overflow).toBeLessThanOrEqual(0);
      }
    } finally {
      await dark.close();
    }
  });
});
