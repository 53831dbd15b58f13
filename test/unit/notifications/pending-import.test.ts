import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../../src/notifications/inbound/push-event.js';
import { createPushHandler } from '../../../src/notifications/inbound/push-handler.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { decodeImageStream } from '../../support/image-stream.js';
import {
  mergePendingImport,
  newPendingImport,
  PENDING_IMPORTS,
  pendingImportName,
  readPendingImport,
  type PendingImportSpec,
} from '../../../src/notifications/work/pending-import.js';
import { recordPendingImport, recordPendingImports } from '../../../src/notifications/work/record-pending.js';
import type { Store } from '../../../src/store/store.js';
import { D1, D2 } from './fixtures.js';
import { memoryStore } from './store-helpers.js';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const push = (tag: string, source: string, at: Date, digest?: string) => ({
  namespace: 'ns',
  stream: 'app',
  tag,
  source,
  receivedAt: at,
  ...(digest ? { digest } : {}),
});

describe('PendingImport naming and merging', () => {
  it('names the object stream:tag, so every request for one stream tag lands on one object', () => {
    expect(pendingImportName('app', 'v1.2')).toBe('app:v1.2');
    // no other stream/tag split yields the same name: neither part may contain ':'
    expect(pendingImportName('a.b', 'c')).not.toBe(pendingImportName('a', 'b.c'));
    const item = newPendingImport(push('latest', 'quay', t(1), D1));
    expect(item).toMatchObject({
      apiVersion: 'imagestreams.io/v1',
      kind: 'PendingImport',
      metadata: { namespace: 'ns', name: 'app:latest' },
      spec: {
        stream: 'app',
        tag: 'latest',
        sources: ['quay'],
        expectedDigest: D1,
        requests: 1,
        firstRequestedAt: t(1).toISOString(),
        requestedAt: t(1).toISOString(),
      },
    });
  });

  it('merges sources, counts requests, keeps the earliest time and the newest digest claim', () => {
    const first = newPendingImport(push('latest', 'quay', t(2), D1)).spec as PendingImportSpec;
    const later = mergePendingImport(first, push('latest', 'distribution', t(3), D2));
    expect(later).toMatchObject({
      sources: ['distribution', 'quay'],
      requests: 2,
      expectedDigest: D2,
      firstRequestedAt: t(2).toISOString(),
      requestedAt: t(3).toISOString(),
    });
    // an older event delivered late moves the start back but not the digest claim
    const late = mergePendingImport(later, push('latest', 'quay', t(1), D1));
    expect(late).toMatchObject({
      sources: ['distribution', 'quay'],
      requests: 3,
      expectedDigest: D2,
      firstRequestedAt: t(1).toISOString(),
      requestedAt: t(3).toISOString(),
    });
  });

  it('keeps the registry (the import lane) the newest notification named', () => {
    const withRegistry = (at: Date, registry: string) => ({
      ...push('latest', 'distribution', at),
      registry,
    });
    const first = newPendingImport(withRegistry(t(2), 'a.example')).spec as PendingImportSpec;
    expect(first.registry).toBe('a.example');
    expect(mergePendingImport(first, withRegistry(t(1), 'b.example')).registry).toBe('a.example');
    expect(mergePendingImport(first, withRegistry(t(3), 'b.example')).registry).toBe('b.example');
    expect(newPendingImport(push('latest', 'quay', t(1))).spec).not.toHaveProperty('registry');
  });

  it('reads only objects of the PendingImport shape', () => {
    expect(readPendingImport(newPendingImport(push('latest', 'quay', t(1))))).toBeDefined();
    const other = {
      apiVersion: 'v1',
      kind: 'X',
      metadata: { name: 'x', namespace: 'ns' },
      spec: { stream: 'x' },
    };
    expect(readPendingImport(other)).toBeUndefined();
  });
});

describe('recording pending imports in the store', () => {
  let store: Store;
  beforeEach(async () => {
    store = await memoryStore();
  });
  afterEach(async () => store.close());

  it('collapses requests for the same stream tag into one object and keeps other tags apart', async () => {
    await recordPendingImports(store, [
      push('latest', 'distribution', t(1), D1),
      push('latest', 'quay', t(2), D2),
      push('v1', 'distribution', t(1)),
    ]);
    await recordPendingImport(store, push('latest', 'distribution', t(3), D1));
    const { items } = await store.list(PENDING_IMPORTS, { namespace: 'ns' });
    expect(items.map((i) => i.metadata.name).sort()).toEqual(['app:latest', 'app:v1']);
    const latest = items.find((i) => i.metadata.name === 'app:latest');
    expect(latest?.spec).toMatchObject({
      requests: 3,
      sources: ['distribution', 'quay'],
      expectedDigest: D1,
      firstRequestedAt: t(1).toISOString(),
    });
  });

  it('every merge is a new resourceVersion (the worker deletes only the version it imported)', async () => {
    await recordPendingImport(store, push('latest', 'quay', t(1)));
    const before = await store.get(PENDING_IMPORTS, 'ns', 'app:latest');
    await recordPendingImport(store, push('latest', 'quay', t(2)));
    const after = await store.get(PENDING_IMPORTS, 'ns', 'app:latest');
    expect(after?.metadata.resourceVersion).not.toBe(before?.metadata.resourceVersion);
  });

  it('the push handler stores the work before it returns, and fails when the store does', async () => {
    await store.create(
      IMAGE_STREAMS,
      decodeImageStream({
        metadata: { namespace: 'ns', name: 'app' },
        spec: {
          tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'reg.example.com/team/app:latest' } }],
        },
      }),
    );
    const handler = createPushHandler({ store, record: (p) => recordPendingImports(store, p) });
    const event: PushEvent = {
      registryHost: 'reg.example.com',
      repository: 'team/app',
      tag: 'latest',
      digest: D1,
      source: 'harbor',
      receivedAt: t(1),
    };
    expect(await handler.handle([event])).toHaveLength(1);
    expect(await store.get(PENDING_IMPORTS, 'ns', 'app:latest')).toMatchObject({
      spec: { sources: ['harbor'], expectedDigest: D1 },
    });
    const failing = createPushHandler({
      store,
      record: () => Promise.reject(new Error('store unavailable')),
    });
    await expect(failing.handle([event])).rejects.toThrow('store unavailable');
  });
});
