/**
 * Watch over WebSocket, as kube-apiserver serves it: the same events, selectors, resourceVersion
 * resume, bookmarks and 410 as the streamed HTTP watch, one JSON event per text message; the
 * bearer token in the Authorization header or in the `base64url.bearer.authorization.k8s.io.`
 * subprotocol (never echoed); refusals (no token, a namespace without a grant, a non-watch
 * request) are HTTP statuses before any upgrade.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';

const G = '/apis/image.openshift.io/v1';
const ADMIN = 'ws-admin-token-0123456789';
const TEAM_A = 'ws-team-a-token-0123456789';
const BEARER = 'base64url.bearer.authorization.k8s.io.';
let api: TestApiServer;
let store: Store;
let dir: string;

interface Event {
  type: string;
  object: {
    metadata?: { name?: string; resourceVersion?: string };
    code?: number;
    reason?: string;
    kind?: string;
  };
}

interface Connection {
  protocols?: string[];
  token?: string;
}

const bearerProtocol = (token: string): string => BEARER + Buffer.from(token).toString('base64url');

function wsUrl(path: string): string {
  return api.url.replace(/^http/, 'ws') + path;
}

function connect(path: string, c: Connection): WebSocket {
  return new WebSocket(wsUrl(path), c.protocols ?? [], {
    headers: c.token ? { authorization: `Bearer ${c.token}` } : {},
  });
}

/** Collects events until `until` holds or the server closes; `act` runs once the socket is open. */
function watch(
  path: string,
  c: Connection,
  until: (events: Event[]) => boolean,
  act?: () => Promise<void>,
): Promise<{ events: Event[]; protocol: string; closeCode?: number }> {
  const ws = connect(path, c);
  const events: Event[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no end after ${JSON.stringify(events)}`));
    }, 10_000);
    const finish = (closeCode?: number): void => {
      clearTimeout(timer);
      resolve({ events, protocol: ws.protocol, ...(closeCode !== undefined ? { closeCode } : {}) });
    };
    ws.on('open', () => void act?.().catch(reject));
    ws.on('message', (data, binary) => {
      expect(binary).toBe(false);
      events.push(JSON.parse(String(data)) as Event);
      if (until(events)) {
        ws.close();
        finish();
      }
    });
    ws.on('close', (code) => finish(code));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

/** The HTTP status a handshake is refused with, and its Status body. */
function refusal(path: string, c: Connection): Promise<{ status: number; body: Record<string, unknown> }> {
  const ws = connect(path, c);
  return new Promise((resolve, reject) => {
    ws.on('open', () => {
      ws.close();
      reject(new Error('the handshake succeeded'));
    });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }),
      );
    });
    ws.on('error', (e) => reject(e));
  });
}

async function call(token: string, method: string, path: string, body?: unknown, type = 'application/json') {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': type } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return (await res.json()) as Record<string, unknown> & { metadata?: { resourceVersion?: string } };
}

const stream = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name, labels },
  spec: {},
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagestreams-ws-watch-'));
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(
    tokenFile,
    [`${ADMIN},admin,1,imagestreams:admin`, `${TEAM_A},alice,2,imagestreams:write:team-a`].join('\n'),
  );
  store = await openSqliteStore({ path: join(dir, 'db.sqlite'), eventHistory: 20 });
  api = await startTestApiServer({ store, tokenAuthFile: tokenFile, watchBookmarkIntervalMs: 100 });
});
afterAll(async () => {
  await api?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('watch over WebSocket', () => {
  it('sends each event as one JSON text message, and resumes from a resourceVersion', async () => {
    const list = await call(ADMIN, 'GET', `${G}/namespaces/team-a/imagestreams`);
    const rv = list.metadata!.resourceVersion!;
    const { events } = await watch(
      `${G}/namespaces/team-a/imagestreams?watch=true&resourceVersion=${rv}`,
      { token: ADMIN },
      (e) => e.length >= 2,
      async () => {
        await call(ADMIN, 'POST', `${G}/namespaces/team-a/imagestreams`, stream('one'));
        await call(ADMIN, 'DELETE', `${G}/namespaces/team-a/imagestreams/one`);
      },
    );
    expect(events.map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'one'],
      ['DELETED', 'one'],
    ]);
    const afterAdd = events[0]!.object.metadata!.resourceVersion!;
    const resumed = await watch(
      `${G}/namespaces/team-a/imagestreams?watch=1&resourceVersion=${afterAdd}`,
      { token: ADMIN },
      (e) => e.length >= 1,
    );
    expect(resumed.events[0]).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'one' } } });
  });

  it('applies label and field selectors', async () => {
    const rv = (await call(ADMIN, 'GET', `${G}/namespaces/team-a/imagestreams`)).metadata!.resourceVersion!;
    const { events } = await watch(
      `${G}/namespaces/team-a/imagestreams?watch=true&resourceVersion=${rv}&labelSelector=app%3Dweb&fieldSelector=metadata.name!%3Dweb-2`,
      { token: ADMIN },
      (e) => e.length >= 1,
      async () => {
        await call(ADMIN, 'POST', `${G}/namespaces/team-a/imagestreams`, stream('db', { app: 'db' }));
        await call(ADMIN, 'POST', `${G}/namespaces/team-a/imagestreams`, stream('web-2', { app: 'web' }));
        await call(ADMIN, 'POST', `${G}/namespaces/team-a/imagestreams`, stream('web-1', { app: 'web' }));
      },
    );
    expect(events.map((e) => e.object.metadata?.name)).toEqual(['web-1']);
  });

  it('sends Table rows to a Table watch', async () => {
    const ws = new WebSocket(wsUrl(`${G}/namespaces/team-a/imagestreams?watch=true`), {
      headers: { authorization: `Bearer ${ADMIN}`, accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
    });
    const first = await new Promise<Event>((resolve) =>
      ws.once('message', (data) => resolve(JSON.parse(String(data)) as Event)),
    );
    ws.close();
    expect(first).toMatchObject({ type: 'ADDED', object: { kind: 'Table' } });
  });

  it('sends bookmarks when asked for, and closes cleanly after timeoutSeconds', async () => {
    const { events, closeCode } = await watch(
      `${G}/namespaces/quiet/imagestreams?watch=true&allowWatchBookmarks=true&timeoutSeconds=1`,
      { token: ADMIN },
      () => false,
    );
    expect(closeCode).toBe(1000);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type === 'BOOKMARK')).toBe(true);
    expect(events[0]?.object).toMatchObject({ kind: 'ImageStream' });
  });

  it('ends a watch from a too old resourceVersion with an ERROR event carrying 410 Expired', async () => {
    await call(ADMIN, 'POST', `${G}/namespaces/team-a/imagestreams`, stream('busy'));
    for (let i = 0; i < 25; i++)
      await call(
        ADMIN,
        'PATCH',
        `${G}/namespaces/team-a/imagestreams/busy`,
        { metadata: { labels: { n: String(i) } } },
        'application/merge-patch+json',
      );
    // past the watch cache's window of recent changes too (1,000), so the watch reaches the store
    for (let i = 0; i < 1000; i++) {
      const current = await store.get(IMAGE_STREAMS, 'team-a', 'busy');
      await store.update(IMAGE_STREAMS, {
        ...current!,
        metadata: { ...current!.metadata, labels: { m: String(i) } },
      });
    }
    const { events, closeCode } = await watch(
      `${G}/namespaces/team-a/imagestreams?watch=true&resourceVersion=1`,
      { token: ADMIN },
      () => false,
    );
    expect(events).toEqual([
      { type: 'ERROR', object: expect.objectContaining({ kind: 'Status', code: 410, reason: 'Expired' }) },
    ]);
    expect(closeCode).toBe(1000);
  });
});

describe('WebSocket watch authentication and authorization', () => {
  it('refuses a handshake without a token with 401, before any upgrade', async () => {
    const r = await refusal(`${G}/namespaces/team-a/imagestreams?watch=true`, {});
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ kind: 'Status', code: 401 });
  });

  it('takes the bearer token from the subprotocol, and echoes the other protocol, never the token', async () => {
    const { events, protocol } = await watch(
      `${G}/namespaces/team-a/imagestreams?watch=true`,
      { protocols: [bearerProtocol(TEAM_A), 'base64.binary.k8s.io'] },
      (e) => e.length >= 1,
    );
    expect(protocol).toBe('base64.binary.k8s.io');
    expect(events[0]?.type).toBe('ADDED');
  });

  it('refuses an unknown or malformed subprotocol token with 401', async () => {
    const path = `${G}/namespaces/team-a/imagestreams?watch=true`;
    const unknown = await refusal(path, {
      protocols: [bearerProtocol('not-a-token'), 'base64.binary.k8s.io'],
    });
    expect(unknown.status).toBe(401);
    for (const token of ['not.base64url', '']) {
      const malformed = await refusal(path, { protocols: [BEARER + token, 'base64.binary.k8s.io'] });
      expect(malformed.status).toBe(401);
      expect(malformed.body).toMatchObject({ kind: 'Status', code: 401 });
    }
  });

  it('refuses a namespace the token has no grant in with 403', async () => {
    const r = await refusal(`${G}/namespaces/team-b/imagestreams?watch=true`, {
      protocols: [bearerProtocol(TEAM_A), 'base64.binary.k8s.io'],
    });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
  });

  it('counts a WebSocket watch as an open watch until it closes', async () => {
    const gauge = async () =>
      /imagestreams_apiserver_watches\{resource="imagestreams"\} (\d+)/.exec(
        await (await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN}` } })).text(),
      )?.[1];
    const ws = connect(`${G}/namespaces/team-a/imagestreams?watch=true`, { token: ADMIN });
    await new Promise((resolve) => ws.once('message', resolve));
    expect(await gauge()).toBe('1');
    ws.close();
    await expect.poll(gauge).toBe('0');
  });

  it('serves only watches over a WebSocket', async () => {
    const r = await refusal(`${G}/namespaces/team-a/imagestreams`, { token: ADMIN });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
  });
});

describe('a server that shuts down', () => {
  it('ends its WebSocket watches, and does not wait for them', async () => {
    const own = await startTestApiServer({ store });
    const ws = new WebSocket(
      `${own.url.replace(/^http/, 'ws')}${G}/namespaces/team-a/imagestreams?watch=true`,
    );
    await new Promise((resolve) => ws.once('message', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', resolve));
    const started = Date.now();
    await own.close();
    expect(await closed).toBe(1000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
