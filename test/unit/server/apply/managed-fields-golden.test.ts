/**
 * managedFields byte for byte as the field manager wrote them before its allocation work
 * (fieldsV1 built in place, set operations returning an operand when nothing changes, the
 * compare's one-sided subtrees built on the way down): a scenario of creates, updates by several
 * managers, status writes and applies on varied objects, its every managedFields JSON compared
 * with the recorded one (fixtures/managed-fields-golden.json, written by the previous code).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/object.js';
import { contextFor } from '../../../../src/server/apply/context.js';
import { applyConfiguration, recordUpdate } from '../../../../src/server/apply/field-manager.js';
import { decodeStoredManagedFields } from '../../../../src/server/apply/managed-fields.js';

const FIXTURE = new URL('./fixtures/managed-fields-golden.json', import.meta.url);
const KIND = {
  group: 'image.openshift.io',
  kind: 'ImageStream',
  apiVersion: 'image.openshift.io/v1',
  statusSubresource: true,
};
const time = (i: number) => `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`;

function stream(name: string, tags: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: {
      name,
      namespace: 'ns',
      labels: { team: 't1', bench: 'api', 'app.kubernetes.io/name': name },
      annotations: { 'openshift.io/display-name': `Stream ${name}`, note: '' },
      finalizers: ['b/finalizer', 'a/finalizer'],
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1' }],
    },
    spec: {
      lookupPolicy: { local: tags % 2 === 0 },
      dockerImageRepository: '',
      tags: Array.from({ length: tags }, (_, t) => ({
        name: t === 11 ? 'latest' : `v${t}`,
        annotations: t % 3 === 0 ? { description: `tag ${t}` } : null,
        from: { kind: 'DockerImage', name: `registry.example.com/team/${name}:v${t}` },
        importPolicy: { scheduled: t % 2 === 1, importMode: 'Legacy' },
        referencePolicy: { type: t % 4 === 0 ? 'Local' : 'Source' },
        generation: t,
      })),
    },
    status: { dockerImageRepository: `registry/ns/${name}`, tags: [] },
    ...extra,
  };
}

const clone = (o: KubeObject): KubeObject => structuredClone(o);

/** every managedFields JSON of a sequence of writes, in order */
function scenario(): string[] {
  const out: string[] = [];
  const write = (
    live: KubeObject | undefined,
    next: KubeObject,
    manager: string,
    i: number,
    subresource?: string,
  ): KubeObject => {
    const entries = decodeStoredManagedFields(live ? live.metadata.managedFields : undefined);
    const ctx = contextFor(KIND, subresource, time(i));
    const managedFields = recordUpdate(entries, live, next, manager, ctx);
    const written = { ...next, metadata: { ...next.metadata, managedFields } };
    out.push(JSON.stringify(managedFields));
    return JSON.parse(JSON.stringify(written)) as KubeObject;
  };
  for (const tags of [0, 2, 12]) {
    let live = write(undefined, stream(`s${tags}`, tags), 'creator', 1);
    const changedTag = clone(live);
    const spec = changedTag.spec as { tags: { from: { name: string } }[]; lookupPolicy: object };
    if (spec.tags[0]) spec.tags[0].from.name = 'other/image:1';
    spec.lookupPolicy = { local: true };
    delete changedTag.metadata.labels?.bench;
    live = write(live, changedTag, 'kubectl-edit', 2);
    const status = clone(live);
    status.status = { dockerImageRepository: 'x', tags: [{ tag: 'v0', items: [{ image: 'sha256:a' }] }] };
    live = write(live, status, 'controller', 3, 'status');
    const more = clone(live);
    (more.spec as { tags: unknown[] }).tags.push({
      name: 'extra',
      from: { kind: 'ImageStreamTag', name: 'a:b' },
    });
    more.metadata.finalizers = ['a/finalizer'];
    live = write(live, more, 'creator', 4);
    for (let m = 0; m < 12; m++) {
      const next = clone(live);
      next.metadata.annotations = { ...next.metadata.annotations, [`m${m}`]: String(m) };
      live = write(live, next, `manager-${m}`, 5 + m);
    }
    const entries = decodeStoredManagedFields(live.metadata.managedFields);
    const config: KubeObject = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: live.metadata.name, namespace: 'ns', labels: { applied: 'yes' } },
      spec: { tags: [{ name: 'applied', from: { kind: 'DockerImage', name: 'a/b:c' } }] },
    };
    const applied = applyConfiguration(
      { entries, live, config, manager: 'applier', force: true },
      contextFor(KIND, undefined, time(30)),
    );
    out.push(JSON.stringify(applied.metadata.managedFields));
  }
  return out;
}

describe('managedFields, byte for byte as before', () => {
  it('writes the recorded managedFields for every write of the scenario', () => {
    const got = scenario();
    if (process.env.RECORD_MANAGED_FIELDS) writeFileSync(FIXTURE, `${JSON.stringify(got, null, 2)}\n`);
    const want = JSON.parse(readFileSync(FIXTURE, 'utf8')) as string[];
    expect(got.length).toBe(want.length);
    got.forEach((json, i) => expect(json, `write ${i}`).toBe(want[i]));
    // the scenario reaches what it is for: members with children, keyed and set items, the cap
    const all = got.join('');
    for (const s of [
      '".":{}',
      'k:{\\"name\\":\\"latest\\"}',
      'v:\\"a/finalizer\\"',
      'ancient-changes',
      '"subresource":"status"',
    ])
      expect(all).toContain(s);
  });
});
