/**
 * The browser side of a console test: one Chromium and a desktop-sized context, pages opened on
 * the server's console and waited for until their watch is live, and closed after each test
 * (passed or failed: every open page holds watch connections, and a browser allows six).
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageErrors, launchChromium } from './browser.js';

export interface OpenedPage {
  page: Page;
  /** page errors and CSP violations seen since it opened */
  errors: string[];
}

export interface ConsolePages {
  /** the Chromium; only after start() */
  readonly browser: Browser;
  start(): Promise<void>;
  /** opens the server's `path` (in `ctx`, default the desktop context) and waits until it follows the watch */
  open(path: string, ctx?: BrowserContext): Promise<OpenedPage>;
  /** for afterEach */
  closePages(): Promise<void>;
  /** for afterAll */
  close(): Promise<void>;
}

export function consolePages(serverUrl: () => string): ConsolePages {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  const opened: Page[] = [];
  const started = (): { browser: Browser; context: BrowserContext } => {
    if (!browser || !context) throw new Error('consolePages: start() first');
    return { browser, context };
  };
  return {
    get browser() {
      return started().browser;
    },
    async start() {
      browser = await launchChromium();
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    },
    async open(path, ctx) {
      const page = await (ctx ?? started().context).newPage();
      opened.push(page);
      const errors = collectPageErrors(page);
      await page.goto(`${serverUrl()}${path}`);
      await page.waitForSelector('[data-watch="live"]', { timeout: 15_000 });
      return { page, errors };
    },
    async closePages() {
      for (const page of opened.splice(0)) await page.close().catch(() => undefined);
    },
    async close() {
      await browser?.close();
    },
  };
}
