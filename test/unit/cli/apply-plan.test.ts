import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import {
  LAST_APPLIED,
  isSubset,
  lastAppliedOf,
  normalizeManifest,
  planApply,
} from '../../../src/cli/apply-plan.js';
import { RESOURCES } from '../../../src/cli/resources.js';

const manifest = (spec: unknown, metadata: Partial<KubeObject['metadata']> = {}): KubeObject =>
  normalizeManifest(
    { apiVersion: 'v1', kind: 'ImageStream', metadata: { name: 'ruby', ...metadata }, spec },
    RESOURCES.imagestreams,
    'demo',
  );

/** What the server would hold after the plan's body was written, with its defaults filled in. */
function stored(body: KubeObject, extra: Partial<KubeObject> = {}): KubeObject {
  const spec = body.spec as { tags?: Record<string, unknown>[] };
  return {
    ...body,
    metadata: {
      ...body.metadata,
      resourceVersion: '7',
      uid: 'u1',
      creationTimestamp: '2026-01-01T00:00:00Z',
    },
    spec: {
      ...spec,
      lookupPolicy: { local: false },
      tags: (spec.tags ?? []).map((t) => ({ generation: 1, referencePolicy: { type: 'Source' }, ...t })),
    },
    status: { dockerImageRepository: '', tags: [] },
    ...extra,
  };
}

const spec1 = { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'r/ruby:3' } }] };

describe('normalizeManifest', () => {
  it('serves the legacy apiVersion v1 as image.openshift.io/v1, sets the namespace and drops status', () => {
    const m = normalizeManifest(
      { apiVersion: 'v1', kind: 'ImageStream', metadata: { name: 'x' }, status: { tags: [] } },
      RESOURCES.imagestreams,
      'ns1',
    );
    expect(m).toEqual({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'x', namespace: 'ns1' },
    });
  });
});

describe('planApply', () => {
  it('creates a missing object with the last-applied annotation', () => {
    const plan = planApply(manifest(spec1), undefined);
    expect(plan.action).toBe('create');
    expect(plan.body.metadata.annotations?.[LAST_APPLIED]).toBe(lastAppliedOf(manifest(spec1)));
  });

  it('reports unchanged when the same manifest is applied again over server defaults', () => {
    const live = stored(planApply(manifest(spec1), undefined).body);
    expect(planApply(manifest(spec1), live).action).toBe('unchanged');
  });

  it('updates a changed spec with the live resourceVersion, keeping status', () => {
    const live = stored(planApply(manifest(spec1), undefined).body);
    const spec2 = { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'r/ruby:4' } }] };
    const plan = planApply(manifest(spec2), live);
    expect(plan.action).toBe('update');
    expect(plan.body.metadata.resourceVersion).toBe('7');
    expect(plan.body.status).toEqual(live.status);
    // a changed tag leaves its generation to the server (which assigns a new one)
    expect((plan.body.spec as { tags: Record<string, unknown>[] }).tags[0]?.generation).toBeUndefined();
  });

  it('keeps the generation of tags that did not change, so an apply does not re-import them', () => {
    const spec = {
      tags: [
        { name: 'a', from: { kind: 'DockerImage', name: 'r/a:1' } },
        { name: 'b', from: { kind: 'DockerImage', name: 'r/b:1' } },
      ],
    };
    const live = stored(planApply(manifest(spec), undefined).body);
    const changed = { tags: [spec.tags[0], { name: 'b', from: { kind: 'DockerImage', name: 'r/b:2' } }] };
    const tags = (planApply(manifest(changed), live).body.spec as { tags: Record<string, unknown>[] }).tags;
    expect(tags.map((t) => t.generation)).toEqual([1, undefined]);
  });

  it('treats a removed field as a change even though what remains matches', () => {
    const withLookup = { ...spec1, lookupPolicy: { local: true } };
    const live = stored(planApply(manifest(withLookup), undefined).body, {});
    (live.spec as Record<string, unknown>).lookupPolicy = { local: true };
    expect(planApply(manifest(spec1), live).action).toBe('update');
  });

  it('keeps labels and annotations set by others, and drops those the previous apply set and this one does not', () => {
    const first = manifest(spec1, { labels: { app: 'ruby', old: 'x' } });
    const live = stored(planApply(first, undefined).body);
    live.metadata.annotations = {
      ...live.metadata.annotations,
      'openshift.io/image.dockerRepositoryCheck': 'now',
    };
    live.metadata.labels = { ...live.metadata.labels, addedByOthers: 'y' };
    const plan = planApply(manifest(spec1, { labels: { app: 'ruby' } }), live);
    expect(plan.action).toBe('update');
    expect(plan.body.metadata.labels).toEqual({ app: 'ruby', addedByOthers: 'y' });
    expect(plan.body.metadata.annotations?.['openshift.io/image.dockerRepositoryCheck']).toBe('now');
  });

  it('matches tags by name, not position (the server sorts them)', () => {
    const spec = {
      tags: [
        { name: 'z', from: { kind: 'DockerImage', name: 'r/z' } },
        { name: 'a', from: { kind: 'DockerImage', name: 'r/a' } },
      ],
    };
    const live = stored(planApply(manifest(spec), undefined).body);
    (live.spec as { tags: unknown[] }).tags.reverse();
    expect(planApply(manifest(spec), live).action).toBe('unchanged');
  });
});

describe('isSubset', () => {
  it('ignores fields only the second value has, and compares lists by length', () => {
    expect(isSubset({ a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(isSubset({ a: 1 }, { a: 2 })).toBe(false);
    expect(isSubset([1, 2], [1, 2, 3])).toBe(false);
    expect(isSubset(null, undefined)).toBe(true);
  });
});

describe('last-applied annotation', () => {
  it('is written in kubectl’s format, so kubectl apply sees no change in it', () => {
    expect(lastAppliedOf(manifest(spec1))).toBe(
      '{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"annotations":{},"name":"ruby","namespace":"demo"},"spec":{"tags":[{"from":{"kind":"DockerImage","name":"r/ruby:3"},"name":"latest"}]}}\n',
    );
  });

  it('counts as the same when another tool wrote the same JSON differently', () => {
    const live = stored(planApply(manifest(spec1), undefined).body);
    const parsed = JSON.parse(live.metadata.annotations?.[LAST_APPLIED] ?? '');
    live.metadata.annotations = { [LAST_APPLIED]: JSON.stringify(parsed, null, 2) };
    expect(planApply(manifest(spec1), live).action).toBe('unchanged');
  });
});
