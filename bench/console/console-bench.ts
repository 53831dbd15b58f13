/**
 * The console's first page with many streams: an in-process server holding N image streams (each
 * with three tags of three history items), the built console, and headless Chromium (Debian's).
 * Measures, per page, the time from navigation to the page showing its data live (`Live` and the
 * rows drawn), in a fresh browser context each time (nothing cached) and then again warm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { consoleExtension } from '../../src/console/serve-extension.js';
import { startServer, type RunningServer } from '../../src/server/serve.js';
import { dockerTargetExtension } from '../../src/triggers/controller/serve-extension.js';
import { repoRoot } from '../support/report.js';

export interface ConsoleBenchOptions {
  streams: number;
  runs: number;
}

export interface ConsolePageResult {
  page: string;
  coldMs: number[];
  warmMs: number[];
}

export interface ConsoleBenchResult {
  streams: number;
  /** the same lists fetched without a browser: what the server takes */
  listMs: { all: number[]; namespace: number[]; rows: number[] };
  pages: ConsolePageResult[];
}

const API = '/apis/image.openshift.io/v1/namespaces/default/imagestreams';
const DIGEST = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;

function stream(i: number): Record<string, unknown> {
  const name = `app-${String(i).padStart(4, '0')}`;
  const tags = ['latest', 'stable', 'v1'];
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name },
    spec: {
      tags: tags.map((t) => ({
        name: t,
        from: { kind: 'DockerImage', name: `registry.example.com/team/${name}:${t}` },
      })),
    },
    status: {
      dockerImageRepository: '',
      tags: tags.map((t, ti) => ({
        tag: t,
        items: [0, 1, 2].map((h) => ({
          created: new Date(Date.now() - (h * 3 + ti) * 3_600_000 - i * 1000).toISOString(),
          dockerImageReference: `registry.example.com/team/${name}@${DIGEST(i * 10 + ti * 3 + h)}`,
          image: DIGEST(i * 10 + ti * 3 + h),
          generation: 3 - h,
        })),
      })),
    },
  };
}

async function send(url: string, method: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function populate(server: RunningServer, count: number): Promise<void> {
  const one = async (i: number): Promise<void> => {
    const obj = stream(i);
    const created = await send(`${server.url}${API}`, 'POST', obj);
    const name = (obj.metadata as { name: string }).name;
    await send(`${server.url}${API}/${name}/status`, 'PUT', { ...created, status: obj.status });
  };
  for (let i = 0; i < count; i += 16)
    await Promise.all(Array.from({ length: Math.min(16, count - i) }, (_, j) => one(i + j)));
}

/** the Table the stream list reads (its rows only): built by the server from the watch cache */
const ROWS = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };

async function timeFetch(url: string, headers: Record<string, string> = {}): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return performance.now() - start;
}

async function timePage(context: BrowserContext, url: string, ready: string): Promise<number> {
  const page = await context.newPage();
  const start = performance.now();
  await page.goto(url);
  await page.waitForSelector('[data-watch="live"]', { timeout: 60_000 });
  await page.waitForSelector(ready, { timeout: 60_000 });
  const ms = performance.now() - start;
  await page.close();
  return ms;
}

async function measurePage(
  browser: Browser,
  url: string,
  ready: string,
  runs: number,
): Promise<Omit<ConsolePageResult, 'page'>> {
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext();
    coldMs.push(await timePage(context, url, ready));
    warmMs.push(await timePage(context, url, ready));
    await context.close();
  }
  return { coldMs, warmMs };
}

export async function runConsoleBench(o: ConsoleBenchOptions): Promise<ConsoleBenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'console-bench-'));
  const server = await startServer({
    listen: '127.0.0.1:0',
    dataDir: dir,
    extensions: [
      consoleExtension({ dir: path.join(repoRoot(), 'dist', 'console') }),
      // rollouts and triggerstates, which the overview and stream pages watch (no Docker touched)
      dockerTargetExtension({ disabled: true }),
    ],
  });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
  try {
    await populate(server, o.streams);
    const last = `app-${String(o.streams - 1).padStart(4, '0')}`;
    const pages: [string, string, string][] = [
      ['overview', '/console/', 'ul.moves li'],
      // the list draws a page of rows (the first 100 by name): ready when the first row is there
      ['streams', '/console/ns/default/imagestreams', `a[href$="/imagestreams/app-0000"]`],
      ['stream', `/console/ns/default/imagestreams/${last}`, 'section[data-tag="v1"] table.history'],
    ];
    const listMs = { all: [] as number[], namespace: [] as number[], rows: [] as number[] };
    for (let r = 0; r < o.runs; r++) {
      listMs.all.push(await timeFetch(`${server.url}/apis/image.openshift.io/v1/imagestreams`));
      listMs.namespace.push(await timeFetch(`${server.url}${API}`));
      listMs.rows.push(await timeFetch(`${server.url}${API}?includeObject=None`, ROWS));
    }
    const out: ConsolePageResult[] = [];
    for (const [page, url, ready] of pages)
      out.push({ page, ...(await measurePage(browser, `${server.url}${url}`, ready, o.runs)) });
    return { streams: o.streams, listMs, pages: out };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export function consoleRows(r: ConsoleBenchResult): Record<string, string | number>[] {
  const list = [
    { page: 'API list, all namespaces (no browser)', ms: r.listMs.all },
    { page: 'API list, one namespace (no browser)', ms: r.listMs.namespace },
    { page: 'API Table rows, one namespace (no browser)', ms: r.listMs.rows },
  ].map((l) => ({
    page: l.page,
    streams: r.streams,
    'cold median ms': Math.round(median(l.ms)),
    'cold max ms': Math.round(Math.max(...l.ms)),
    'warm median ms': '',
  }));
  return [
    ...list,
    ...r.pages.map((p) => ({
      page: p.page,
      streams: r.streams,
      'cold median ms': Math.round(median(p.coldMs)),
      'cold max ms': Math.round(Math.max(...p.coldMs)),
      'warm median ms': Math.round(median(p.warmMs)),
    })),
  ];
}
