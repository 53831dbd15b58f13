/**
 * A real headless Chromium for browser tests (Debian's `chromium`, driven by playwright-core),
 * axe-core accessibility checks, and screenshots written as test artefacts under
 * test-results/console/. Browser tests skip nothing: without the binary they fail, saying how to
 * install it (scripts/install-test-deps.sh does).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ARTEFACTS = path.join(ROOT, 'test-results', 'console');
const CONSOLE_DIST = path.join(ROOT, 'dist', 'console');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: run scripts/install-test-deps.sh (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, timeout: 30_000 });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The console must be built (npm run build does it, before the tests in scripts/test.sh); when a
 * test file runs alone after the console's sources changed, it is built again here.
 */
export async function ensureConsoleBuilt(): Promise<string> {
  const index = path.join(CONSOLE_DIST, 'index.html');
  const stale =
    !existsSync(index) || statSync(index).mtimeMs < newestMtime(path.join(ROOT, 'web', 'console', 'src'));
  if (stale) await promisify(execFile)('npm', ['run', 'build:console'], { cwd: ROOT, timeout: 170_000 });
  return CONSOLE_DIST;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTEFACTS, { recursive: true });
  const file = path.join(ARTEFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.x A/AA rules on the page as it is; the serious and critical violations.
 * (Evaluated through the DevTools protocol, so the page's CSP, which forbids injected scripts,
 * stays on while it runs.)
 */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(o: unknown): Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations;
  });
  return (violations as AxeViolation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** CSP violations and uncaught errors the page reports while it is open. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 40[134]/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  return errors;
}
