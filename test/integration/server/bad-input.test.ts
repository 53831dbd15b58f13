/**
 * Bad input at the wire level: labels and annotations on every stored kind, list/watch
 * resourceVersion, JSON patch paths into a prototype, and protocol-level errors (bad URL encoding,
 * headers too large, bad header, unparseable body, unsupported media type, unknown route), each
 * answered with a Kubernetes Status and never a 500.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';

const G = '/apis/image.openshift.io/v1';
let api: TestApiServer;

interface Reply {
  status: number;
  body: Record<string, unknown>;
  contentType: string;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Reply> {
  const init: RequestInit = { method, headers: body !== undefined ? { 'content-type': contentType } : {} };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${api.url}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text },
    contentType: res.headers.get('content-type') ?? '',
  };
}

/** Sends raw bytes (what fetch refuses to send) and parses the answer. */
function raw(request: string): Promise<Reply> {
  const { port } = new URL(api.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => socket.destroy(new Error('no answer within 5 s')), 5_000);
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (data += d));
    socket.on('error', (e) => (data ? undefined : reject(e)));
    socket.on('close', () => {
      clearTimeout(timer);
      const [head = '', ...rest] = data.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /\r\ncontent-type: ([^\r]*)/i.exec(head)?.[1] ?? '';
      const text = rest.join('\r\n\r\n');
      let body: Record<string, unknown> = { text };
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        // not JSON: the assertion on kind says so
      }
      resolve({ status, body, contentType });
    });
    socket.write(request);
    socket.end();
  });
}

const stream = (name: string, metadata: Record<string, unknown> = {}) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name, ...metadata },
  spec: {},
});

function expectStatus(reply: Reply, code: number, reason: string): void {
  expect(reply.contentType).toMatch(/^application\/json/);
  expect(reply.body).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  expect(reply.status).toBe(code);
}

beforeAll(async () => {
  api = await startTestApiServer();
});

afterAll(async () => {
  await api?.close();
});

describe('labels and annotations', () => {
  it('rejects a bad label key on an image stream with a cause naming metadata.labels', async () => {
    const r = await call(
      'POST',
      `${G}/namespaces/default/imagestreams`,
      stream('a', { labels: { '-bad': 'x' } }),
    );
    expectStatus(r, 422, 'Invalid');
    expect((r.body.details as { causes: unknown[] }).causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: 'metadata.labels',
        message: expect.stringMatching(
          /^Invalid value: "-bad": name part must consist of alphanumeric characters/,
        ),
      },
    ]);
  });

  it('rejects a label value over 63 characters on a namespace and an event', async () => {
    const labels = { app: 'v'.repeat(64) };
    const ns = await call('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'n1', labels },
    });
    expectStatus(ns, 422, 'Invalid');
    const ev = await call('POST', '/api/v1/namespaces/default/events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', labels },
      involvedObject: { kind: 'ImageStream', name: 'x' },
    });
    expectStatus(ev, 422, 'Invalid');
    expect(JSON.stringify(ev.body)).toContain('must be no more than 63 characters');
  });

  it('rejects annotations over 256 KiB on an image, and accepts them just under', async () => {
    const image = (name: string, size: number) => ({
      apiVersion: 'image.openshift.io/v1',
      kind: 'Image',
      metadata: { name, annotations: { k: 'v'.repeat(size) } },
      dockerImageReference: `quay.io/x/y@${name}`,
    });
    const digest = (c: string) => `sha256:${c.repeat(64)}`;
    const over = await call('POST', `${G}/images`, image(digest('a'), 256 * 1024));
    expectStatus(over, 422, 'Invalid');
    expect((over.body.details as { causes: unknown[] }).causes).toEqual([
      {
        reason: 'FieldValueTooLong',
        field: 'metadata.annotations',
        message: 'Too long: may not be more than 262144 bytes',
      },
    ]);
    expect((await call('POST', `${G}/images`, image(digest('b'), 256 * 1024 - 1))).status).toBe(201);
  });

  it('rejects a bad annotation key set by a merge patch', async () => {
    expect((await call('POST', `${G}/namespaces/default/imagestreams`, stream('p'))).status).toBe(201);
    const r = await call(
      'PATCH',
      `${G}/namespaces/default/imagestreams/p`,
      { metadata: { annotations: { 'a/b/c': 'x' } } },
      'application/merge-patch+json',
    );
    expectStatus(r, 422, 'Invalid');
    expect(JSON.stringify(r.body)).toContain('metadata.annotations');
  });
});

describe('resourceVersion of a list or a watch', () => {
  it.each([
    `${G}/namespaces/default/imagestreams?resourceVersion=abc`,
    `${G}/imagestreams?resourceVersion=-1`,
  ])('answers %s with 400', async (path) => {
    const r = await call('GET', path);
    expectStatus(r, 400, 'BadRequest');
    expect(r.body.message).toMatch(/invalid resource version/);
  });

  it('answers a watch at a resourceVersion that is not one with 400', async () => {
    const r = await call('GET', `${G}/namespaces/default/imagestreams?watch=true&resourceVersion=x1`);
    expectStatus(r, 400, 'BadRequest');
  });

  it('still lists at 0 and at a number', async () => {
    expect((await call('GET', `${G}/imagestreams?resourceVersion=0`)).status).toBe(200);
    expect((await call('GET', `${G}/imagestreams?resourceVersion=1`)).status).toBe(200);
  });
});

describe('JSON patch paths into a prototype', () => {
  it.each([
    [{ op: 'add', path: '/__proto__/x', value: 1 }],
    [{ op: 'add', path: '/metadata/__proto__/polluted', value: 'yes' }],
    [{ op: 'replace', path: '/constructor/prototype/x', value: 1 }],
    [{ op: 'copy', from: '/__proto__', path: '/metadata/labels' }],
  ])('answers %j with 422, not 500', async (op) => {
    await call('POST', `${G}/namespaces/default/imagestreams`, stream('jp'));
    const r = await call(
      'PATCH',
      `${G}/namespaces/default/imagestreams/jp`,
      [op],
      'application/json-patch+json',
    );
    expectStatus(r, 422, 'Invalid');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still applies a patch to an annotation named constructor', async () => {
    await call('POST', `${G}/namespaces/default/imagestreams`, stream('jp2'));
    const r = await call(
      'PATCH',
      `${G}/namespaces/default/imagestreams/jp2`,
      [{ op: 'add', path: '/metadata/annotations', value: { constructor: 'x' } }],
      'application/json-patch+json',
    );
    expect(r.status).toBe(200);
  });
});

describe('protocol-level errors are Kubernetes Status objects', () => {
  it('bad URL encoding: 400', async () => {
    const r = await raw(
      `GET ${G}/namespaces/default/imagestreams/%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
    );
    expectStatus(r, 400, 'BadRequest');
  });

  it('headers too large: 431', async () => {
    const r = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectStatus(r, 431, 'RequestHeaderFieldsTooLarge');
  });

  it('a malformed header: 400', async () => {
    const r = await raw(`GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n`);
    expectStatus(r, 400, 'BadRequest');
  });

  it('an unparseable JSON body: 400', async () => {
    const r = await call('POST', `${G}/namespaces/default/imagestreams`, '{"kind": ');
    expectStatus(r, 400, 'BadRequest');
  });

  it('an unsupported media type: 415', async () => {
    const r = await call('POST', `${G}/namespaces/default/imagestreams`, 'a: b', 'text/plain');
    expectStatus(r, 415, 'UnsupportedMediaType');
  });

  it('an unknown route: 404', async () => {
    const r = await call('GET', '/no/such/route');
    expectStatus(r, 404, 'NotFound');
  });
});

describe('a request while the server shuts down', () => {
  it('is answered 503 with a Status', async () => {
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    // an extension whose close waits: the server is closing but still listening
    const closing = await startTestApiServer({
      extensions: [{ name: 'hold', register: () => undefined, close: () => held }],
    });
    const closed = closing.close();
    try {
      const res = await fetch(`${closing.url}/apis/image.openshift.io/v1/imagestreams`);
      const body = (await res.json()) as Record<string, unknown>;
      expect(res.status).toBe(503);
      expect(body).toMatchObject({ kind: 'Status', code: 503, reason: 'ServiceUnavailable' });
    } finally {
      release();
      await closed;
    }
  });
});
