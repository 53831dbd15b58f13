import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import { isStatusError } from '../../../../src/api/status-error.js';
import { contextFor } from '../../../../src/server/apply/context.js';
import { applyConfiguration, recordUpdate } from '../../../../src/server/apply/field-manager.js';
import {
  ANCIENT_CHANGES,
  MAX_UPDATE_MANAGERS,
  decodeStoredManagedFields,
} from '../../../../src/server/apply/managed-fields.js';

const KIND = {
  group: 'image.openshift.io',
  kind: 'ImageStream',
  apiVersion: 'image.openshift.io/v1',
  statusSubresource: true,
};
const ctx = (now = '2026-01-01T00:00:00Z') => contextFor(KIND, undefined, now);

type Tags = Record<string, string>;
function stream(tags: Tags, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name: 's', namespace: 'ns' },
    spec: {
      tags: Object.entries(tags).map(([name, image]) => ({
        name,
        from: { kind: 'DockerImage', name: image },
      })),
    },
    ...extra,
  };
}

const tagsOf = (o: KubeObject) =>
  Object.fromEntries(
    ((o.spec as { tags?: { name: string; from: { name: string } }[] }).tags ?? []).map((t) => [
      t.name,
      t.from.name,
    ]),
  );

function apply(live: KubeObject, config: KubeObject, manager: string, force = false): KubeObject {
  const entries = decodeStoredManagedFields(live.metadata.managedFields);
  return applyConfiguration({ entries, live, config, manager, force }, ctx());
}

const EMPTY: KubeObject = {
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  metadata: { name: 's', namespace: 'ns' },
};

function conflictOf(f: () => unknown) {
  try {
    f();
  } catch (e) {
    if (isStatusError(e)) return { code: e.code, message: e.message, causes: e.details?.causes };
    throw e;
  }
  throw new Error('no conflict');
}

describe('apply', () => {
  it('lets two managers own different tags of one stream', () => {
    let s = apply(EMPTY, stream({ a: 'x:1' }), 'A');
    s = apply(s, stream({ b: 'y:1' }), 'B');
    s = apply(s, stream({ a: 'x:2' }), 'A');
    expect(tagsOf(s)).toEqual({ a: 'x:2', b: 'y:1' });
    expect(s.metadata.managedFields).toHaveLength(2);
  });

  it('conflicts on a field another manager owns with a different value, naming both', () => {
    const s = apply(EMPTY, stream({ a: 'x:1' }), 'A');
    const c = conflictOf(() => apply(s, stream({ a: 'x:2' }), 'B'));
    expect(c).toEqual({
      code: 409,
      message: 'Apply failed with 1 conflict: conflict with "A": .spec.tags[name="a"].from.name',
      causes: [
        {
          reason: 'FieldManagerConflict',
          message: 'conflict with "A"',
          field: '.spec.tags[name="a"].from.name',
        },
      ],
    });
  });

  it('shares ownership when the value is the same (no conflict)', () => {
    let s = apply(EMPTY, stream({ a: 'x:1' }), 'A');
    s = apply(s, stream({ a: 'x:1' }), 'B');
    const managers = decodeStoredManagedFields(s.metadata.managedFields);
    for (const m of managers)
      expect(m.set.has(['f:spec', 'f:tags', 'k:{"name":"a"}', 'f:from', 'f:name'])).toBe(true);
  });

  it('force takes the field away from its owner', () => {
    let s = apply(EMPTY, stream({ a: 'x:1' }), 'A');
    s = apply(s, stream({ a: 'x:2' }), 'B', true);
    expect(tagsOf(s)).toEqual({ a: 'x:2' });
    const a = decodeStoredManagedFields(s.metadata.managedFields).find((m) => m.manager === 'A');
    expect(a?.set.has(['f:spec', 'f:tags', 'k:{"name":"a"}', 'f:from', 'f:name'])).toBe(false);
    expect(a?.set.has(['f:spec', 'f:tags', 'k:{"name":"a"}', 'f:from', 'f:kind'])).toBe(true);
  });

  it('removes a tag its manager no longer applies, unless someone else owns it', () => {
    let s = apply(EMPTY, stream({ a: 'x:1', shared: 'z:1' }), 'A');
    s = apply(s, stream({ shared: 'z:1' }), 'B');
    s = apply(s, stream({}), 'A');
    expect(tagsOf(s)).toEqual({ shared: 'z:1' });
    s = apply(s, stream({}), 'B');
    expect(tagsOf(s)).toEqual({});
  });

  it('removes a field dropped from the configuration but keeps the item', () => {
    let s = apply(EMPTY, stream({ a: 'x:1' }, { metadata: { name: 's', labels: { l: '1', m: '2' } } }), 'A');
    s = apply(s, stream({ a: 'x:1' }, { metadata: { name: 's', labels: { l: '1' } } }), 'A');
    expect(s.metadata.labels).toEqual({ l: '1' });
  });

  it('does not remove what an Update manager owns', () => {
    let s = apply(EMPTY, stream({ a: 'x:1' }), 'A');
    const edited = structuredClone(s);
    edited.metadata.labels = { team: 'x' };
    (edited.spec as { tags: { name: string; annotations?: object }[] }).tags[0]!.annotations = {
      note: 'kept',
    };
    edited.metadata.managedFields = recordUpdate(
      decodeStoredManagedFields(s.metadata.managedFields),
      s,
      edited,
      'kubectl-edit',
      ctx(),
    );
    s = apply(edited, stream({}), 'A');
    // A's from.kind and from.name are gone; the item stays, with what kubectl-edit owns
    expect((s.spec as { tags: unknown[] }).tags).toEqual([
      { name: 'a', from: {}, annotations: { note: 'kept' } },
    ]);
  });

  it('ignores status on the main resource and server-owned metadata', () => {
    const s = apply(
      EMPTY,
      { ...stream({ a: 'x:1' }), metadata: { name: 's', uid: 'u', generation: 3 } },
      'A',
    );
    const json = JSON.stringify(s.metadata.managedFields);
    expect(json).not.toContain('f:uid');
    expect(json).not.toContain('f:generation');
    expect(json).not.toContain('f:name":{}},"f:spec'); // metadata.name is nobody's
  });

  it('merges list-map items by key, keeping live order and appending new items', () => {
    let s = apply(EMPTY, stream({ a: 'x:1', b: 'y:1' }), 'A');
    s = apply(s, stream({ c: 'z:1', a: 'x:1', b: 'y:1' }), 'A');
    expect(Object.keys(tagsOf(s))).toEqual(['a', 'b', 'c']);
  });
});

describe('update managers', () => {
  it('records changes as operation Update, taking the fields from others', () => {
    const live = apply(EMPTY, stream({ a: 'x:1' }), 'A');
    const next = structuredClone(live);
    (next.spec as { tags: { from: { name: string } }[] }).tags[0]!.from.name = 'x:9';
    const fields = recordUpdate(
      decodeStoredManagedFields(live.metadata.managedFields),
      live,
      next,
      'isctl',
      ctx('2026-01-02T00:00:00Z'),
    );
    const entries = decodeStoredManagedFields(fields);
    expect(fields[1]).toMatchObject({ manager: 'isctl', operation: 'Update', time: '2026-01-02T00:00:00Z' });
    expect(entries[1]!.set.paths()).toEqual([['f:spec', 'f:tags', 'k:{"name":"a"}', 'f:from', 'f:name']]);
    expect(entries[0]!.set.has(['f:spec', 'f:tags', 'k:{"name":"a"}', 'f:from', 'f:name'])).toBe(false);
  });

  it('records objects and items a create adds with "." entries, as kube-apiserver', () => {
    const created = stream({ a: 'x:1' }, { metadata: { name: 's', labels: { app: 'w' } } });
    const [entry] = recordUpdate([], undefined, created, 'kubectl-create', ctx());
    expect(entry?.fieldsV1).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:tags': {
          '.': {},
          'k:{"name":"a"}': { '.': {}, 'f:from': { '.': {}, 'f:kind': {}, 'f:name': {} }, 'f:name': {} },
        },
      },
    });
  });

  it(`keeps at most ${MAX_UPDATE_MANAGERS} update managers, folding the oldest into ${ANCIENT_CHANGES}`, () => {
    let live = EMPTY;
    for (let i = 0; i < 12; i++) {
      const next = structuredClone(live);
      next.metadata.labels = { ...(next.metadata.labels ?? {}), [`l${i}`]: 'x' };
      const c = contextFor(KIND, undefined, `2026-01-01T00:00:${String(i).padStart(2, '0')}Z`);
      next.metadata.managedFields = recordUpdate(
        decodeStoredManagedFields(live.metadata.managedFields),
        live,
        next,
        `m${i}`,
        c,
      );
      live = next;
    }
    const names = decodeStoredManagedFields(live.metadata.managedFields).map((m) => m.manager);
    expect(names).toHaveLength(MAX_UPDATE_MANAGERS);
    expect(names).toContain(ANCIENT_CHANGES);
    expect(names).not.toContain('m0');
    expect(names).toContain('m11');
  });
});
