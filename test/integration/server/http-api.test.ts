/**
 * The HTTP API at the wire level (undici fetch): discovery, pagination, status subresource, dry
 * runs, limits, content negotiation, watch resume and 410, virtual resources, health and metrics.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';

const G = '/apis/image.openshift.io/v1';
let api: TestApiServer;
let store: Store;
let storeDir: string;

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const init: RequestInit = {
    method,
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
  };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${api.url}${path}`, init);
  const text = await res.text();
  return {
    status: res.status,
    body: text.startsWith('{') ? (JSON.parse(text) as Record<string, unknown>) : { text },
    headers: res.headers,
  };
}

const stream = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name, ...extra },
  spec: { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `quay.io/example/${name}:latest` } }] },
});

/** Reads watch lines until `until` says stop; returns the events seen. */
async function watch(
  path: string,
  until: (events: { type: string; object: Record<string, unknown> }[]) => boolean,
  headers: Record<string, string> = {},
  act?: () => Promise<void>,
) {
  const controller = new AbortController();
  const res = await fetch(`${api.url}${path}`, { signal: controller.signal, headers });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const events: { type: string; object: Record<string, unknown> }[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  const timer = setTimeout(() => controller.abort(), 10_000);
  let acted = false;
  try {
    while (!until(events)) {
      if (act && !acted) {
        acted = true;
        await act();
      }
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        events.push(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

beforeAll(async () => {
  storeDir = await mkdtemp(join(tmpdir(), 'imagestreams-http-store-'));
  store = await openSqliteStore({ path: join(storeDir, 'db.sqlite'), eventHistory: 20 });
  api = await startTestApiServer({ store, maxRequestBytes: 64 * 1024, watchBookmarkIntervalMs: 100 });
});
afterAll(async () => {
  await api?.close();
  await store?.close();
  await rm(storeDir, { recursive: true, force: true });
});

describe('discovery', () => {
  it('lists the image API resources with short names, verbs and kinds', async () => {
    const r = await call('GET', G);
    const resources = r.body.resources as {
      name: string;
      shortNames?: string[];
      verbs: string[];
      namespaced: boolean;
      kind: string;
    }[];
    const byName = new Map(resources.map((x) => [x.name, x]));
    expect(byName.get('imagestreams')).toMatchObject({
      shortNames: ['is'],
      namespaced: true,
      kind: 'ImageStream',
    });
    expect(byName.get('imagestreams/status')?.verbs.sort()).toEqual(['get', 'patch', 'update']);
    expect(byName.get('imagestreamtags')).toMatchObject({ shortNames: ['istag'] });
    expect(byName.get('imagestreamtags')?.verbs).not.toContain('watch');
    expect(byName.get('imagestreamimages')).toMatchObject({ shortNames: ['isimage'], verbs: ['get'] });
    expect(byName.get('images')).toMatchObject({ namespaced: false });
    expect(byName.has('imagestreamimports')).toBe(false);
    const groups = await call('GET', '/apis');
    expect(JSON.stringify(groups.body)).toContain('image.openshift.io/v1');
  });
});

describe('stored resources', () => {
  it('creates with generateName and records the namespace implicitly', async () => {
    const r = await call('POST', `${G}/namespaces/gen/imagestreams`, {
      ...stream('app'),
      metadata: { generateName: 'app-' },
    });
    expect(r.status).toBe(201);
    expect((r.body.metadata as { name: string }).name).toMatch(/^app-[a-z0-9]{5}$/);
    expect((await call('GET', '/api/v1/namespaces/gen')).status).toBe(200);
    expect((await call('GET', '/api/v1/namespaces/default')).status).toBe(200);
  });

  it('paginates lists with limit and continue', async () => {
    for (const n of ['p1', 'p2', 'p3', 'p4', 'p5'])
      expect((await call('POST', `${G}/namespaces/page/imagestreams`, stream(n))).status).toBe(201);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await call(
        'GET',
        `${G}/namespaces/page/imagestreams?limit=2${token ? `&continue=${encodeURIComponent(token)}` : ''}`,
      );
      expect(r.status).toBe(200);
      names.push(...(r.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name));
      token = (r.body.metadata as { continue?: string }).continue;
      pages++;
    } while (token);
    expect(names).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
    expect(pages).toBe(3);
  });

  it('selects by label and field', async () => {
    await call('POST', `${G}/namespaces/sel/imagestreams`, stream('a', { labels: { app: 'x' } }));
    await call('POST', `${G}/namespaces/sel/imagestreams`, stream('b', { labels: { app: 'y' } }));
    const byLabel = await call('GET', `${G}/namespaces/sel/imagestreams?labelSelector=app%3Dy`);
    expect((byLabel.body.items as unknown[]).length).toBe(1);
    const byField = await call('GET', `${G}/namespaces/sel/imagestreams?fieldSelector=metadata.name%3Da`);
    expect((byField.body.items as { metadata: { name: string } }[]).map((i) => i.metadata.name)).toEqual([
      'a',
    ]);
  });

  it('changes status only through the status subresource', async () => {
    const created = await call('POST', `${G}/namespaces/st/imagestreams`, stream('s'));
    const withStatus = {
      ...created.body,
      status: {
        dockerImageRepository: '',
        tags: [
          {
            tag: 'latest',
            items: [
              {
                created: '2026-01-01T00:00:00Z',
                dockerImageReference: 'quay.io/example/s@sha256:' + 'b'.repeat(64),
                image: 'sha256:' + 'b'.repeat(64),
                generation: 1,
              },
            ],
          },
        ],
      },
    };
    const main = await call('PUT', `${G}/namespaces/st/imagestreams/s`, withStatus);
    expect(main.status).toBe(200);
    expect((main.body.status as { tags?: unknown[] } | undefined)?.tags ?? []).toEqual([]);
    const status = await call('PUT', `${G}/namespaces/st/imagestreams/s/status`, {
      ...withStatus,
      metadata: main.body.metadata,
      spec: { tags: [] },
    });
    expect(status.status).toBe(200);
    expect((status.body.status as { tags: unknown[] }).tags).toHaveLength(1);
    expect((status.body.spec as { tags: unknown[] }).tags).toHaveLength(1);
  });

  it('answers a stale update and a failed delete precondition with 409', async () => {
    const created = await call('POST', `${G}/namespaces/cc/imagestreams`, stream('c'));
    const meta = created.body.metadata as { resourceVersion: string; uid: string };
    await call(
      'PATCH',
      `${G}/namespaces/cc/imagestreams/c`,
      { metadata: { labels: { a: 'b' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    const stale = await call('PUT', `${G}/namespaces/cc/imagestreams/c`, created.body);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ kind: 'Status', reason: 'Conflict' });
    const del = await call('DELETE', `${G}/namespaces/cc/imagestreams/c`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      preconditions: { resourceVersion: meta.resourceVersion },
    });
    expect(del.status).toBe(409);
    const ok = await call('DELETE', `${G}/namespaces/cc/imagestreams/c`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      preconditions: { uid: meta.uid },
    });
    expect(ok.status).toBe(200);
  });

  it('drops unknown fields with a warning unless asked to be strict', async () => {
    const body = { ...stream('warned'), spec: { ...stream('warned').spec, extra: 1 } };
    const strict = await call('POST', `${G}/namespaces/fv/imagestreams?fieldValidation=Strict`, body);
    expect(strict.status).toBe(400);
    expect(strict.body.message).toContain('strict decoding error: unknown field "spec.extra"');
    const warned = await call('POST', `${G}/namespaces/fv/imagestreams`, body);
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.extra\\""');
    expect((warned.body.spec as Record<string, unknown>).extra).toBeUndefined();
  });

  it('stores nothing on dryRun=All', async () => {
    const r = await call('POST', `${G}/namespaces/dry/imagestreams?dryRun=All`, stream('d'));
    expect(r.status).toBe(201);
    expect((r.body.metadata as { uid?: string }).uid).toBeTruthy();
    expect((await call('GET', `${G}/namespaces/dry/imagestreams/d`)).status).toBe(404);
  });

  it('answers 422 with field causes and stores nothing', async () => {
    const bad = stream('Bad_Name');
    const r = await call('POST', `${G}/namespaces/v/imagestreams`, bad);
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422 });
    expect(JSON.stringify((r.body.details as { causes: unknown[] }).causes)).toContain('metadata.name');
  });
});

describe('limits and content negotiation', () => {
  it('answers an oversized body with 413 RequestEntityTooLarge', async () => {
    const big = stream('big', { annotations: { blob: 'x'.repeat(100 * 1024) } });
    const r = await call('POST', `${G}/namespaces/lim/imagestreams`, big);
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge' });
  });
  it('answers server-side apply on a virtual kind with 415 and YAML-only Accept with 406', async () => {
    const apply = await call('PATCH', `${G}/namespaces/default/imagestreamtags/x:y`, 'a: b', {
      'content-type': 'application/apply-patch+yaml',
    });
    expect(apply.status).toBe(415);
    expect(apply.body).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType' });
    const yaml = await call('GET', `${G}/namespaces/default/imagestreams`, undefined, {
      accept: 'application/yaml',
    });
    expect(yaml.status).toBe(406);
  });
  it('answers bad JSON with 400 and an unknown path with 404 Status', async () => {
    const r = await call('POST', `${G}/namespaces/x/imagestreams`, '{nope', {
      'content-type': 'application/json',
    });
    expect(r.status).toBe(400);
    expect((await call('GET', `${G}/namespaces/x/widgets`)).body).toMatchObject({
      kind: 'Status',
      code: 404,
    });
    expect((await call('POST', `${G}/namespaces/x/imagestreamimages`, {})).status).toBe(405);
  });
  it('returns a Table for kubectl get', async () => {
    const r = await call('GET', `${G}/namespaces/page/imagestreams`, undefined, {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
    });
    expect(r.body.kind).toBe('Table');
    expect((r.body.rows as unknown[]).length).toBe(5);
  });
});

describe('watch', () => {
  it('streams changes after a resourceVersion and resumes from the last one seen', async () => {
    const list = await call('GET', `${G}/namespaces/w/imagestreams`);
    const rv = (list.body.metadata as { resourceVersion: string }).resourceVersion;
    const events = await watch(
      `${G}/namespaces/w/imagestreams?watch=1&resourceVersion=${rv}`,
      (e) => e.length >= 2,
      {},
      async () => {
        await call('POST', `${G}/namespaces/w/imagestreams`, stream('w1'));
        await call('DELETE', `${G}/namespaces/w/imagestreams/w1`);
      },
    );
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    const afterAdd = (events[0]!.object.metadata as { resourceVersion: string }).resourceVersion;
    const resumed = await watch(
      `${G}/namespaces/w/imagestreams?watch=true&resourceVersion=${afterAdd}`,
      (e) => e.length >= 1,
    );
    expect(resumed[0]?.type).toBe('DELETED');
  });

  it('ends a watch from a too old resourceVersion with an ERROR event carrying 410 Expired', async () => {
    for (let i = 0; i < 25; i++)
      await call(
        'PATCH',
        `${G}/namespaces/page/imagestreams/p1`,
        { metadata: { labels: { n: String(i) } } },
        { 'content-type': 'application/merge-patch+json' },
      );
    // past the watch cache's window of recent changes too (1,000), so the watch reaches the store
    for (let i = 0; i < 1000; i++) {
      const current = await store.get(IMAGE_STREAMS, 'page', 'p1');
      await store.update(IMAGE_STREAMS, {
        ...current!,
        metadata: { ...current!.metadata, labels: { m: String(i) } },
      });
    }
    const events = await watch(
      `${G}/namespaces/page/imagestreams?watch=1&resourceVersion=1`,
      (e) => e.length >= 1,
    );
    expect(events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
  });

  it('sends bookmarks when asked for, and ends after timeoutSeconds', async () => {
    const started = Date.now();
    const events = await watch(
      `${G}/namespaces/quiet/imagestreams?watch=1&allowWatchBookmarks=true&timeoutSeconds=1`,
      () => false,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.type === 'BOOKMARK')).toBe(true);
    expect(events[0]?.object).toMatchObject({
      kind: 'ImageStream',
      apiVersion: 'image.openshift.io/v1',
      metadata: { resourceVersion: expect.stringMatching(/^\d+$/) },
    });
  });

  it('sends Table rows to a Table watch', async () => {
    const events = await watch(`${G}/namespaces/page/imagestreams?watch=1`, (e) => e.length >= 1, {
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
    });
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { kind: 'Table' } });
  });
});

describe('virtual resources', () => {
  const digest = (c: string) => `sha256:${c.repeat(64)}`;
  const mapping = (name: string, tag: string, d: string) => ({
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamMapping',
    metadata: { name },
    image: { metadata: { name: d }, dockerImageReference: `quay.io/example/${name}@${d}` },
    tag,
  });

  it('creates a stream through an ImageStreamTag, 404 until the tag has an image', async () => {
    const istag = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamTag',
      metadata: { name: 'web:prod' },
      tag: { name: 'prod', from: { kind: 'DockerImage', name: 'quay.io/example/web:1' } },
    };
    const created = await call('POST', `${G}/namespaces/virt/imagestreamtags`, istag);
    expect(created.status).toBe(201);
    expect((await call('GET', `${G}/namespaces/virt/imagestreams/web`)).status).toBe(200);
    expect((await call('GET', `${G}/namespaces/virt/imagestreamtags/web:prod`)).status).toBe(404);
    expect((await call('POST', `${G}/namespaces/virt/imagestreamtags`, istag)).status).toBe(409);
    expect(
      (await call('POST', `${G}/namespaces/virt/imagestreammappings`, mapping('web', 'prod', digest('c'))))
        .status,
    ).toBe(201);
    const got = await call('GET', `${G}/namespaces/virt/imagestreamtags/web:prod`);
    expect(got.status).toBe(200);
    expect((got.body.image as { metadata: { name: string } }).metadata.name).toBe(digest('c'));
    const itag = await call('GET', `${G}/namespaces/virt/imagetags/web:prod`);
    expect(itag.body).toMatchObject({ kind: 'ImageTag', spec: { name: 'prod' }, status: { tag: 'prod' } });
  });

  it('needs an existing stream for an ImageStreamMapping', async () => {
    expect(
      (
        await call(
          'POST',
          `${G}/namespaces/virt/imagestreammappings`,
          mapping('nostream', 'latest', digest('d')),
        )
      ).status,
    ).toBe(404);
  });

  it('finds stream images by digest prefix (12 characters at least) and answers an ambiguous prefix with 409', async () => {
    await call(
      'POST',
      `${G}/namespaces/virt/imagestreammappings`,
      mapping('web', 'canary', `sha256:${'c'.repeat(12)}e${'0'.repeat(51)}`),
    );
    const full = await call('GET', `${G}/namespaces/virt/imagestreamimages/web@${digest('c')}`);
    expect(full.status).toBe(200);
    expect(full.body.kind).toBe('ImageStreamImage');
    const prefix = await call('GET', `${G}/namespaces/virt/imagestreamimages/web@sha256:${'c'.repeat(13)}`);
    expect(prefix.status).toBe(200);
    const ambiguous = await call('GET', `${G}/namespaces/virt/imagestreamimages/web@${'c'.repeat(12)}`);
    expect(ambiguous.status).toBe(409);
    const short = await call('GET', `${G}/namespaces/virt/imagestreamimages/web@c`);
    expect(short.status).toBe(400);
    expect(short.body.message).toContain('at least 12 characters');
    const unknown = `${G}/namespaces/virt/imagestreamimages/web@sha256:${'f'.repeat(12)}`;
    expect((await call('GET', unknown)).status).toBe(404);
  });

  it('deletes a tag from spec and status through its ImageStreamTag', async () => {
    const del = await call('DELETE', `${G}/namespaces/virt/imagestreamtags/web:prod`);
    expect(del.status).toBe(200);
    const s = await call('GET', `${G}/namespaces/virt/imagestreams/web`);
    expect(((s.body.spec as { tags?: { name: string }[] }).tags ?? []).map((t) => t.name)).not.toContain(
      'prod',
    );
    expect(((s.body.status as { tags?: { tag: string }[] }).tags ?? []).map((t) => t.tag)).toEqual([
      'canary',
    ]);
  });
});

describe('namespaces', () => {
  it('deletes what a namespace contains with it, and refuses to delete default', async () => {
    await call('POST', `${G}/namespaces/gone/imagestreams`, stream('g1'));
    const del = await call('DELETE', '/api/v1/namespaces/gone');
    expect(del.status).toBe(200);
    expect((await call('GET', `${G}/namespaces/gone/imagestreams/g1`)).status).toBe(404);
    expect((await call('GET', '/api/v1/namespaces/gone')).status).toBe(404);
    const def = await call('DELETE', '/api/v1/namespaces/default');
    expect(def.status).toBe(403);
  });

  it('stores core events written by other parts', async () => {
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'ev1' },
      involvedObject: { kind: 'ImageStream', name: 'x', namespace: 'evs' },
      reason: 'Imported',
      message: 'ok',
      type: 'Normal',
    };
    expect((await call('POST', '/api/v1/namespaces/evs/events', event)).status).toBe(201);
    const list = await call('GET', '/api/v1/namespaces/evs/events');
    expect((list.body.items as unknown[]).length).toBe(1);
  });
});

describe('health and metrics', () => {
  it('reports readiness with details and exposes request metrics', async () => {
    const ready = await fetch(`${api.url}/readyz?verbose`);
    expect(ready.status).toBe(200);
    const text = await ready.text();
    expect(text).toContain('[+]store ok');
    expect(text).toContain('readyz check passed');
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toMatch(
      /imagestreams_apiserver_requests_total\{verb="create",resource="imagestreams",code="201"\} \d+/,
    );
    expect(metrics).toContain('imagestreams_store_objects');
    expect(metrics).toMatch(
      /imagestreams_apiserver_requests_total\{verb="watch",resource="imagestreams",code="200"\} \d+/,
    );
    expect(metrics).toMatch(/imagestreams_apiserver_watches\{resource="imagestreams"\} 0/);
  });
});
