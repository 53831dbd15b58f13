import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../../src/api/status-error.js';
import { named, prepareInput } from '../../../../src/server/resources/input.js';
import { FieldValidation, type RequestScope } from '../../../../src/server/resources/resource-def.js';
import { IMAGE } from '../../../../src/server/openapi/schema-builders.js';

const target = {
  apiVersion: 'image.openshift.io/v1',
  kind: 'ImageStream',
  namespaced: true,
  schema: IMAGE + 'ImageStream',
};

function scope(extra: Partial<RequestScope> = {}, warnings: string[] = []): RequestScope {
  return {
    info: {
      verb: 'update',
      group: 'image.openshift.io',
      version: 'v1',
      resource: 'imagestreams',
      namespace: 'ns',
      name: 'x',
    },
    query: {},
    dryRun: false,
    fieldValidation: FieldValidation.Strict,
    user: { name: 'u', groups: [] },
    warn: (m) => warnings.push(m),
    ...extra,
  };
}

function code(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return (e as { code?: number }).code;
  }
}

describe('request body checks', () => {
  it('fills namespace, name and type from the URL', () => {
    const out = prepareInput({ spec: {} }, target, scope());
    expect(out).toMatchObject({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'x', namespace: 'ns' },
    });
  });
  it('refuses a body for another namespace, name or kind with 400', () => {
    expect(code(() => prepareInput({ metadata: { namespace: 'other' } }, target, scope()))).toBe(400);
    expect(code(() => prepareInput({ metadata: { name: 'y' } }, target, scope()))).toBe(400);
    expect(code(() => prepareInput({ kind: 'Image' }, target, scope()))).toBe(400);
    expect(code(() => prepareInput([1], target, scope()))).toBe(400);
  });
  it('warns about and drops unknown fields when asked to warn', () => {
    const warnings: string[] = [];
    const out = prepareInput(
      { spec: { nope: 1 } },
      target,
      scope({ fieldValidation: FieldValidation.Warn }, warnings),
    );
    expect(warnings).toEqual(['unknown field "spec.nope"']);
    expect(out.spec).toEqual({});
  });
  it('generates a name from generateName, keeps one sent, and leaves none as empty for validation', () => {
    const create = scope({ info: { ...scope().info, verb: 'create', name: undefined } });
    const generated = named(prepareInput({ metadata: { generateName: 'web-' } }, target, create));
    expect(generated.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(generated.metadata.generateName).toBe('web-');
    const sent = named(prepareInput({ metadata: { name: 'mine', generateName: 'web-' } }, target, create));
    expect(sent.metadata.name).toBe('mine');
    expect(named(prepareInput({ metadata: {} }, target, create)).metadata.name).toBe('');
  });

  it('refuses metadata of the wrong types with 422 naming the field, and keeps fields it does not know', () => {
    try {
      prepareInput({ metadata: { labels: { tier: 1 }, resourceVersion: 7 } }, target, scope());
      expect.unreachable();
    } catch (e) {
      expect(isStatusError(e) && e.code).toBe(422);
      expect(isStatusError(e) && e.toStatus().details?.causes?.map((c) => c.field)).toEqual([
        'metadata.resourceVersion',
        'metadata.labels.tier',
      ]);
    }
    const out = prepareInput({ metadata: { selfLink: '/x', labels: null } }, target, scope());
    expect(out.metadata).toEqual({ name: 'x', namespace: 'ns', selfLink: '/x' });
  });
});
