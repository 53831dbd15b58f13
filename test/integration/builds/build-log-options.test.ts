/**
 * `builds/NAME/log` with OpenShift's BuildLogOptions against the real server: sinceSeconds,
 * sinceTime, tailLines, limitBytes, timestamps, version, with and without follow; bad values get a
 * Status naming the parameter; `isctl logs build/NAME --tail N --since 5m`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLogWriter } from '../../../src/builds/build-log.js';
import type { Build } from '../../../src/builds/schema.js';
import { buildsExtension } from '../../../src/builds/serve-extension.js';
import type { Store } from '../../../src/store/store.js';
import { BUILDS } from '../../../src/store/resource-types.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { buildProject, runCli } from '../cli/cli-harness.js';

const NS = 'logs';
const PATH = `/apis/build.openshift.io/v1/namespaces/${NS}/builds`;
const NOW = Date.now();
const OLD = new Date(NOW - 3_600_000);
const RECENT = new Date(NOW - 60_000);

let api: TestApiServer;
let store: Store;

const build = (name: string, phase: string, n = 1): Build =>
  ({
    apiVersion: 'build.openshift.io/v1',
    kind: 'Build',
    metadata: {
      name,
      namespace: NS,
      labels: { 'openshift.io/build-config.name': 'app' },
      annotations: { 'openshift.io/build.number': String(n) },
    },
    spec: { source: { dockerfile: 'FROM scratch\n' }, strategy: { dockerStrategy: {} }, output: {} },
    status: { phase, config: { kind: 'BuildConfig', namespace: NS, name: 'app' } },
  }) as Build;

/** writes `chunks` to the build's log, each at its time */
async function writeLog(name: string, chunks: [Date, string][]): Promise<void> {
  let at = new Date(0);
  const w = buildLogWriter(store, NS, name, [], () => at);
  for (const [time, text] of chunks) {
    at = time;
    w.write(text);
  }
  await w.flush();
}

async function get(name: string, query = ''): Promise<{ status: number; text: string }> {
  const res = await fetch(`${api.url}${PATH}/${name}/log${query}`);
  return { status: res.status, text: await res.text() };
}

beforeAll(async () => {
  api = await startTestApiServer({ extensions: [buildsExtension({ enabled: false })] });
  store = api.server.store;
  await store.create(BUILDS, build('app-1', 'Complete', 1));
  await writeLog('app-1', [
    [OLD, 'old one\nold two\n'],
    [RECENT, 'recent one\nrecent '],
    [RECENT, 'two\n'],
  ]);
  await store.create(BUILDS, build('app-2', 'Complete', 2));
  await writeLog('app-2', [[RECENT, 'second build\n']]);
});

afterAll(async () => {
  await api?.close();
});

describe('builds/log options', () => {
  it('serves the plain text by default, and each line with its time with timestamps', async () => {
    expect(await get('app-1')).toEqual({ status: 200, text: 'old one\nold two\nrecent one\nrecent two\n' });
    const stamped = await get('app-1', '?timestamps=true');
    expect(stamped.text.split('\n')).toEqual([
      `${OLD.toISOString()} old one`,
      `${OLD.toISOString()} old two`,
      `${RECENT.toISOString()} recent one`,
      `${RECENT.toISOString()} recent two`,
      '',
    ]);
  });

  it('tailLines, sinceSeconds, sinceTime and limitBytes select what is sent', async () => {
    expect((await get('app-1', '?tailLines=1')).text).toBe('recent two\n');
    expect((await get('app-1', '?tailLines=0')).text).toBe('');
    expect((await get('app-1', '?sinceSeconds=600')).text).toBe('recent one\nrecent two\n');
    const since = encodeURIComponent(new Date(NOW - 120_000).toISOString());
    expect((await get('app-1', `?sinceTime=${since}`)).text).toBe('recent one\nrecent two\n');
    expect((await get('app-1', `?sinceTime=${encodeURIComponent(OLD.toISOString())}`)).text).toContain(
      'old one',
    );
    expect((await get('app-1', '?limitBytes=10')).text).toBe('old one\nol');
    expect((await get('app-1', '?sinceSeconds=600&tailLines=1&timestamps=1')).text).toBe(
      `${RECENT.toISOString()} recent two\n`,
    );
  });

  it('version reads another build of the same BuildConfig', async () => {
    expect((await get('app-1', '?version=2')).text).toBe('second build\n');
    expect((await get('app-1', '?version=9')).status).toBe(404);
  });

  it('refuses values that do not parse with 400, and out of range ones with 422, naming the parameter', async () => {
    const cases: [string, number, string, string][] = [
      ['?tailLines=abc', 400, 'tailLines', 'must be an integer'],
      ['?sinceTime=yesterday', 400, 'sinceTime', 'RFC 3339'],
      ['?limitBytes=1e3', 400, 'limitBytes', 'must be an integer'],
      ['?tailLines=-1', 422, 'tailLines', 'must be greater than or equal to 0'],
      ['?limitBytes=0', 422, 'limitBytes', 'must be greater than 0'],
      ['?sinceSeconds=0', 422, 'sinceSeconds', 'must be greater than 0'],
      ['?version=0', 422, 'version', 'build version must be greater than 0'],
    ];
    for (const [query, code, field, message] of cases) {
      const res = await fetch(`${api.url}${PATH}/app-1/log${query}`);
      const body = (await res.json()) as {
        kind: string;
        code: number;
        details: { causes: { field: string; message: string }[] };
      };
      expect({ query, code: res.status, kind: body.kind }).toEqual({ query, code, kind: 'Status' });
      expect(body.details.causes[0]).toMatchObject({ field, message: expect.stringContaining(message) });
    }
    const both = await fetch(`${api.url}${PATH}/app-1/log?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z`);
    expect(both.status).toBe(422);
    expect(((await both.json()) as { message: string }).message).toBe(
      'BuildLogOptions.build.openshift.io "" is invalid: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
    );
  });

  it('follow sends the tail first, then new output as it comes, until the build ends', async () => {
    await store.create(BUILDS, build('app-3', 'Running', 3));
    let at = RECENT;
    const w = buildLogWriter(store, NS, 'app-3', [], () => at);
    w.write('first\nsecond\npartial');
    await w.flush();
    const res = await fetch(`${api.url}${PATH}/app-3/log?follow=true&tailLines=1&timestamps=true`);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const head = decoder.decode((await reader.read()).value);
    expect(head).toBe(`${RECENT.toISOString()} second\n`);
    at = new Date();
    w.write(' line\nthird\n');
    await w.flush();
    const b = (await store.get(BUILDS, NS, 'app-3')) as Build;
    await store.update(BUILDS, { ...b, status: { ...b.status, phase: 'Complete' } } as never);
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += decoder.decode(r.value);
    // the partial line went out whole once it ended, with the time it started at
    expect(rest).toBe(`${RECENT.toISOString()} partial line\n${at.toISOString()} third\n`);
  });

  it('follow ends once limitBytes are sent, though the build still runs', async () => {
    await store.create(BUILDS, build('app-4', 'Running', 4));
    await writeLog('app-4', [[RECENT, 'abcdef\nghijkl\n']]);
    const res = await fetch(`${api.url}${PATH}/app-4/log?follow=true&limitBytes=9`, {
      signal: AbortSignal.timeout(5000),
    });
    expect(await res.text()).toBe('abcdef\ngh');
  });

  it('isctl logs build/NAME --tail N --since 5m', async () => {
    await buildProject();
    const conn = ['--server', api.url, '-n', NS];
    const tail = await runCli(['logs', 'build/app-1', '--tail', '3', '--since', '5m', ...conn]);
    expect(tail.stderr).toBe('');
    expect(tail.stdout).toBe('recent one\nrecent two\n');
    const stamped = await runCli([
      'logs',
      'build/app-2',
      '--version',
      '1',
      '--timestamps',
      '--limit-bytes',
      '5',
      ...conn,
    ]);
    expect(stamped.stderr).toBe('');
    expect(stamped.stdout).toBe(OLD.toISOString().slice(0, 5));
    const bad = await runCli(['logs', 'build/app-1', '--tail', 'x', ...conn]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('tailLines');
  }, 200_000);
});
