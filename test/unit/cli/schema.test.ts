import { describe, expect, it } from 'vitest';
import { kubeObjectSchema, objectListSchema } from '../../../src/cli/schema.js';

describe('what isctl reads from a server', () => {
  it('reads null labels, annotations and creationTimestamp as absent and keeps the rest as sent', () => {
    const o = kubeObjectSchema.parse({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'a', labels: null, annotations: null, creationTimestamp: null, extra: 1 },
      spec: { finalizers: ['kubernetes'] },
    });
    expect(o.metadata.labels).toBeUndefined();
    expect(o.metadata.annotations).toBeUndefined();
    expect(JSON.parse(JSON.stringify(o))).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'a', extra: 1 },
      spec: { finalizers: ['kubernetes'] },
    });
  });

  it('names the field of a list item it cannot read', () => {
    const page = objectListSchema.safeParse({
      metadata: {},
      items: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a', labels: { team: 1 } } }],
    });
    expect(page.success).toBe(false);
    expect(page.error?.issues.map((i) => i.path.join('.'))).toEqual(['items.0.metadata.labels.team']);
  });
});
