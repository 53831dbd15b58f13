import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { parseTriggersAnnotation, type Trigger } from '../../../../src/triggers/index.js';
import {
  KINDS,
  LAST_TRIGGERED_ANNOTATION,
  buildPatch,
  locateContainer,
  planObject,
  type WorkloadKind,
} from '../../../../src/triggers/targets/kubernetes/index.js';
import { escapePointer } from '../../../../src/triggers/targets/kubernetes/plan.js';
import { toWorkload } from '../../../../src/triggers/targets/kubernetes/tracked.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;
const REPO = 'reg.example/app';

function objectOf(
  kind: WorkloadKind,
  podSpec: Record<string, unknown>,
  annotations: Record<string, string> = {},
) {
  let spec: Record<string, unknown> = podSpec;
  for (const seg of [...KINDS[kind].podSpec].reverse()) spec = { [seg]: spec };
  const obj = toWorkload({
    metadata: { name: 'w', namespace: 'ns', annotations: { keep: 'x', ...annotations } },
    ...spec,
  });
  if (!obj) throw new Error('fixture does not parse');
  return obj;
}

function triggersFor(kind: WorkloadKind, fieldPath: string, paused = false): Trigger[] {
  const value = JSON.stringify([{ from: { kind: 'ImageStreamTag', name: 'app:latest' }, fieldPath, paused }]);
  const parsed = parseTriggersAnnotation(value, { namespace: 'ns', kind });
  expect(parsed.warnings).toEqual([]);
  return parsed.triggers;
}

const resolvedTo = (digest: string | undefined) => () =>
  digest ? { reference: `${REPO}@${digest}`, digest } : undefined;

const CASES: Array<{
  kind: WorkloadKind;
  fieldPath: string;
  spec: Record<string, unknown>;
  pointer: string;
}> = [
  {
    kind: 'Deployment',
    fieldPath: 'spec.template.spec.containers[?(@.name=="web")].image',
    spec: {
      containers: [
        { name: 'side', image: 'busybox' },
        { name: 'web', image: `${REPO}:v1` },
      ],
    },
    pointer: '/spec/template/spec/containers/1',
  },
  {
    kind: 'StatefulSet',
    fieldPath: 'spec.template.spec.containers[0].image',
    spec: { containers: [{ name: 'db', image: `${REPO}:v1` }] },
    pointer: '/spec/template/spec/containers/0',
  },
  {
    kind: 'DaemonSet',
    fieldPath: 'spec.template.spec.initContainers[?(@.name=="init")].image',
    spec: {
      containers: [{ name: 'c', image: 'x' }],
      initContainers: [{ name: 'init', image: `${REPO}:v1` }],
    },
    pointer: '/spec/template/spec/initContainers/0',
  },
  {
    kind: 'CronJob',
    fieldPath: 'spec.jobTemplate.spec.template.spec.containers[?(@.name=="job")].image',
    spec: { containers: [{ name: 'job', image: `${REPO}:v1` }] },
    pointer: '/spec/jobTemplate/spec/template/spec/containers/0',
  },
  {
    kind: 'Pod',
    fieldPath: 'spec.containers[1].image',
    spec: {
      containers: [
        { name: 'a', image: 'x' },
        { name: 'b', image: `${REPO}:v1` },
      ],
    },
    pointer: '/spec/containers/1',
  },
];

describe('Kubernetes patch building', () => {
  it.each(CASES)(
    'addresses the $kind container of $fieldPath and guards the patch with test ops',
    ({ kind, fieldPath, spec, pointer }) => {
      const obj = objectOf(kind, spec);
      const plan = planObject(obj, KINDS[kind], triggersFor(kind, fieldPath), resolvedTo(A), {});
      expect(plan.updates).toHaveLength(1);
      const ops = buildPatch(obj, plan);
      expect(ops.slice(0, 3)).toEqual([
        { op: 'test', path: `${pointer}/name`, value: plan.updates[0]?.slot.name },
        { op: 'test', path: `${pointer}/image`, value: `${REPO}:v1` },
        { op: 'replace', path: `${pointer}/image`, value: `${REPO}@${A}` },
      ]);
      expect(ops[3]).toEqual({
        op: 'add',
        path: `/metadata/annotations/${escapePointer(LAST_TRIGGERED_ANNOTATION)}`,
        value: JSON.stringify({ [fieldPath]: `${REPO}@${A}` }),
      });
      const patched = fastJsonPatch.applyPatch(structuredClone(obj), ops, true, false).newDocument;
      expect(JSON.stringify(patched)).toContain(`${REPO}@${A}`);
      expect(patched.metadata.annotations?.keep).toBe('x');
    },
  );

  it('escapes the slash of the annotation key in the JSON pointer', () => {
    expect(escapePointer('imagestreams.io/last-triggered-image')).toBe(
      'imagestreams.io~1last-triggered-image',
    );
    expect(escapePointer('a~b')).toBe('a~0b');
  });

  it('does not apply to an object whose image changed after the decision', () => {
    const obj = objectOf('Deployment', { containers: [{ name: 'web', image: `${REPO}:v1` }] });
    const ops = buildPatch(
      obj,
      planObject(
        obj,
        KINDS.Deployment,
        triggersFor('Deployment', 'spec.template.spec.containers[0].image'),
        resolvedTo(A),
        {},
      ),
    );
    const moved = objectOf('Deployment', { containers: [{ name: 'web', image: `${REPO}:v2` }] });
    expect(() => fastJsonPatch.applyPatch(structuredClone(moved), ops, true, false)).toThrow(
      /Test operation failed/,
    );
  });

  it('replaces the last-triggered annotation behind a test of its previous value', () => {
    const fp = 'spec.template.spec.containers[0].image';
    const previous = JSON.stringify({ [fp]: `${REPO}@${A}` });
    const obj = objectOf(
      'Deployment',
      { containers: [{ name: 'web', image: `${REPO}@${A}` }] },
      { [LAST_TRIGGERED_ANNOTATION]: previous },
    );
    const plan = planObject(obj, KINDS.Deployment, triggersFor('Deployment', fp), resolvedTo(B), {
      [fp]: `${REPO}@${A}`,
    });
    const path = `/metadata/annotations/${escapePointer(LAST_TRIGGERED_ANNOTATION)}`;
    expect(buildPatch(obj, plan).slice(-2)).toEqual([
      { op: 'test', path, value: previous },
      { op: 'replace', path, value: JSON.stringify({ [fp]: `${REPO}@${B}` }) },
    ]);
  });
});

describe('Kubernetes fire decisions per object', () => {
  const fp = 'spec.template.spec.containers[0].image';
  const obj = (image: string) => objectOf('Deployment', { containers: [{ name: 'web', image }] });

  it('leaves a paused trigger alone', () => {
    const plan = planObject(
      obj(`${REPO}:v1`),
      KINDS.Deployment,
      triggersFor('Deployment', fp, true),
      resolvedTo(A),
      {},
    );
    expect(plan.changed).toBe(false);
    expect(plan.skipped[0]?.reason).toBe('Paused');
  });

  it('skips a tag without history', () => {
    const plan = planObject(
      obj(`${REPO}:v1`),
      KINDS.Deployment,
      triggersFor('Deployment', fp),
      resolvedTo(undefined),
      {},
    );
    expect(plan.changed).toBe(false);
    expect(plan.skipped[0]?.reason).toBe('NoHistory');
  });

  it('keeps a manual rollback while the tag stays on the digest already triggered', () => {
    const plan = planObject(
      obj(`${REPO}@${A}`),
      KINDS.Deployment,
      triggersFor('Deployment', fp),
      resolvedTo(B),
      { [fp]: `${REPO}@${B}` },
    );
    expect(plan.changed).toBe(false);
    expect(plan.skipped[0]?.reason).toBe('AlreadyTriggered');
  });

  it('remembers an image that is already up to date without touching the container', () => {
    const o = obj(`${REPO}@${A}`);
    const plan = planObject(o, KINDS.Deployment, triggersFor('Deployment', fp), resolvedTo(A), {});
    expect(plan.updates).toEqual([]);
    expect(plan.changed).toBe(true);
    expect(buildPatch(o, plan).map((op) => op.path)).toEqual([
      `/metadata/annotations/${escapePointer(LAST_TRIGGERED_ANNOTATION)}`,
    ]);
  });

  it('warns when the fieldPath names no container', () => {
    const plan = planObject(
      obj('x'),
      KINDS.Deployment,
      triggersFor('Deployment', 'spec.template.spec.containers[3].image'),
      resolvedTo(A),
      {},
    );
    expect(plan.changed).toBe(false);
    expect(plan.warnings).toEqual([
      { index: 0, field: 'fieldPath', message: expect.stringContaining('names no container') },
    ]);
  });

  it('finds containers by index and by name, and nothing out of range', () => {
    const o = objectOf('Pod', {
      containers: [
        { name: 'a', image: 'x' },
        { name: 'b', image: 'y' },
      ],
    });
    expect(
      locateContainer(o, KINDS.Pod, { prefix: 'spec.', list: 'containers', selector: { name: 'b' } })?.index,
    ).toBe(1);
    expect(
      locateContainer(o, KINDS.Pod, { prefix: 'spec.', list: 'containers', selector: { index: 0 } })?.name,
    ).toBe('a');
    expect(
      locateContainer(o, KINDS.Pod, { prefix: 'spec.', list: 'containers', selector: { index: 2 } }),
    ).toBeUndefined();
    expect(
      locateContainer(o, KINDS.Pod, { prefix: 'spec.', list: 'initContainers', selector: { index: 0 } }),
    ).toBeUndefined();
  });
});
