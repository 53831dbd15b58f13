import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { LAST_APPLIED, lastAppliedOf, normalizeManifest, planApply } from '../../../src/cli/apply-plan.js';
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

const IS = RESOURCES.imagestreams;
type Tags = { tags: Record<string, unknown>[] };

function created(m: KubeObject): KubeObject {
  const plan = planApply(m, undefined, IS);
  if (plan.action !== 'create') throw new Error(`expected create, got ${plan.action}`);
  return plan.body;
}

function patchOf(m: KubeObject, live: KubeObject): Record<string, unknown> {
  const plan = planApply(m, live, IS);
  if (plan.action !== 'patch') throw new Error(`expected patch, got ${plan.action}`);
  return plan.patch;
}

describe('planApply', () => {
  it('creates a missing object with the last-applied annotation', () => {
    expect(created(manifest(spec1)).metadata.annotations?.[LAST_APPLIED]).toBe(
      lastAppliedOf(manifest(spec1)),
    );
  });

  it('reports unchanged when the same manifest is applied again over server defaults', () => {
    const live = stored(created(manifest(spec1)));
    expect(planApply(manifest(spec1), live, IS).action).toBe('unchanged');
  });

  it('patches a changed tag with a resourceVersion-free patch carrying the new last-applied', () => {
    const live = stored(created(manifest(spec1)));
    const spec2 = { tags: [{ name: 'latest', from: { kind: 'DockerImage', name: 'r/ruby:4' } }] };
    const patch = patchOf(manifest(spec2), live);
    expect(patch).toEqual({
      metadata: { annotations: { [LAST_APPLIED]: lastAppliedOf(manifest(spec2)) } },
      spec: { tags: [{ name: 'latest', from: { name: 'r/ruby:4' } }] },
    });
  });

  it('keeps a tag another writer added and deletes only the tag the previous apply set', () => {
    const spec = {
      tags: [
        { name: 'a', from: { kind: 'DockerImage', name: 'r/a:1' } },
        { name: 'b', from: { kind: 'DockerImage', name: 'r/b:1' } },
      ],
    };
    const live = stored(created(manifest(spec)));
    (live.spec as Tags).tags.push({ name: 'mine', from: { kind: 'DockerImage', name: 'r/m:1' } });
    expect(planApply(manifest(spec), live, IS).action).toBe('unchanged');
    const patch = patchOf(manifest({ tags: [spec.tags[0]] }), live);
    expect((patch.spec as Tags).tags).toEqual([{ $patch: 'delete', name: 'b' }]);
  });

  it('treats a removed field as a change even though what remains matches', () => {
    const withLookup = { ...spec1, lookupPolicy: { local: true } };
    const live = stored(created(manifest(withLookup)));
    (live.spec as Record<string, unknown>).lookupPolicy = { local: true };
    expect((patchOf(manifest(spec1), live).spec as Record<string, unknown>).lookupPolicy).toBeNull();
  });

  it('keeps labels and annotations set by others, and drops those the previous apply set and this one does not', () => {
    const live = stored(created(manifest(spec1, { labels: { app: 'ruby', old: 'x' } })));
    live.metadata.annotations = {
      ...live.metadata.annotations,
      'openshift.io/image.dockerRepositoryCheck': 'now',
    };
    live.metadata.labels = { ...live.metadata.labels, addedByOthers: 'y' };
    const patch = patchOf(manifest(spec1, { labels: { app: 'ruby' } }), live);
    expect((patch.metadata as { labels: unknown }).labels).toEqual({ old: null });
    expect(Object.keys((patch.metadata as { annotations: object }).annotations)).toEqual([LAST_APPLIED]);
  });

  it('matches tags by name, not position (the server sorts them)', () => {
    const spec = {
      tags: [
        { name: 'z', from: { kind: 'DockerImage', name: 'r/z' } },
        { name: 'a', from: { kind: 'DockerImage', name: 'r/a' } },
      ],
    };
    const live = stored(created(manifest(spec)));
    (live.spec as Tags).tags.reverse();
    expect(planApply(manifest(spec), live, IS).action).toBe('unchanged');
  });
});

describe('last-applied annotation', () => {
  it('is written in kubectl’s format, so kubectl apply sees no change in it', () => {
    expect(lastAppliedOf(manifest(spec1))).toBe(
      '{"apiVersion":"image.openshift.io/v1","kind":"ImageStream","metadata":{"annotations":{},"name":"ruby","namespace":"demo"},"spec":{"tags":[{"from":{"kind":"DockerImage","name":"r/ruby:3"},"name":"latest"}]}}\n',
    );
  });

  it('counts as the same when another tool wrote the same JSON differently', () => {
    const live = stored(created(manifest(spec1)));
    const parsed = JSON.parse(live.metadata.annotations?.[LAST_APPLIED] ?? '');
    live.metadata.annotations = { [LAST_APPLIED]: JSON.stringify(parsed, null, 2) };
    expect(planApply(manifest(spec1), live, IS).action).toBe('unchanged');
  });
});
