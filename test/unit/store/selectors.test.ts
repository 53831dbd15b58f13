import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { StatusError } from '../../../src/api/status-error.js';
import {
  LabelOperator,
  matches,
  parseFieldSelector,
  parseLabelSelector,
  parseSelectors,
} from '../../../src/store/selectors.js';

function obj(name: string, namespace: string | undefined, labels?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Thing',
    metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) },
  };
}

function badRequestOf(f: () => unknown): StatusError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError);
    return e as StatusError;
  }
  throw new Error('expected a StatusError');
}

describe('parseLabelSelector', () => {
  it('parses every operator Kubernetes supports', () => {
    expect(parseLabelSelector('a=1, b==2,c!=3,d in (x, y),e notin (z),f,!g,h>4,i<5')).toEqual([
      { key: 'a', operator: LabelOperator.Equals, values: ['1'] },
      { key: 'b', operator: LabelOperator.Equals, values: ['2'] },
      { key: 'c', operator: LabelOperator.NotEquals, values: ['3'] },
      { key: 'd', operator: LabelOperator.In, values: ['x', 'y'] },
      { key: 'e', operator: LabelOperator.NotIn, values: ['z'] },
      { key: 'f', operator: LabelOperator.Exists, values: [] },
      { key: 'g', operator: LabelOperator.DoesNotExist, values: [] },
      { key: 'h', operator: LabelOperator.GreaterThan, values: ['4'] },
      { key: 'i', operator: LabelOperator.LessThan, values: ['5'] },
    ]);
  });

  it('accepts prefixed keys and the empty value', () => {
    expect(parseLabelSelector('app.kubernetes.io/name=,x')).toEqual([
      { key: 'app.kubernetes.io/name', operator: LabelOperator.Equals, values: [''] },
      { key: 'x', operator: LabelOperator.Exists, values: [] },
    ]);
  });

  it('treats an empty or blank selector as selecting everything', () => {
    expect(parseLabelSelector('')).toEqual([]);
    expect(parseLabelSelector('  ')).toEqual([]);
  });

  it.each([
    ['a b', 'two identifiers'],
    ['a=b=c', 'two operators'],
    ['-a=b', 'key starting with a dash'],
    ['a=b c', 'space in value'],
    ['a=' + 'x'.repeat(64), 'value longer than 63'],
    ['Upper.Case/a=b', 'uppercase prefix'],
    ['a in ()', 'empty set'],
    ['a in (b', 'unclosed set'],
    ['a notin b', 'set without parentheses'],
    ['a>b', 'non-integer gt'],
    ['a,', 'trailing comma'],
    ['!', 'bare not'],
    ['a=b,,c', 'empty requirement'],
  ])('rejects %j (%s) with 400 naming the selector', (selector) => {
    const e = badRequestOf(() => parseLabelSelector(selector));
    expect(e.code).toBe(400);
    expect(e.reason).toBe('BadRequest');
    expect(e.message).toContain(`label selector "${selector}"`);
  });
});

describe('parseFieldSelector', () => {
  it('parses =, == and != on metadata.name and metadata.namespace', () => {
    expect(parseFieldSelector('metadata.name=a,metadata.namespace==b,metadata.name!=c')).toEqual([
      { field: 'metadata.name', operator: '=', value: 'a' },
      { field: 'metadata.namespace', operator: '=', value: 'b' },
      { field: 'metadata.name', operator: '!=', value: 'c' },
    ]);
  });

  it('unescapes backslash-escaped separators', () => {
    expect(parseFieldSelector('metadata.name=a\\,b\\=c')).toEqual([
      { field: 'metadata.name', operator: '=', value: 'a,b=c' },
    ]);
  });

  it('rejects an unsupported field as Kubernetes words it', () => {
    const e = badRequestOf(() => parseFieldSelector('spec.foo=bar'));
    expect(e.code).toBe(400);
    expect(e.message).toBe('field label not supported: spec.foo');
  });

  it('rejects a term without an operator with 400 naming the selector', () => {
    const e = badRequestOf(() => parseFieldSelector('metadata.name'));
    expect(e.code).toBe(400);
    expect(e.message).toContain('field selector "metadata.name"');
  });
});

describe('matches', () => {
  const labelled = obj('web', 'prod', { app: 'web', tier: 'front', replicas: '3' });
  const plain = obj('db', 'prod');

  it.each([
    ['app=web', true, false],
    ['app!=web', false, true],
    ['app in (web,api)', true, false],
    ['app notin (web)', false, true],
    ['tier', true, false],
    ['!tier', false, true],
    ['replicas>2', true, false],
    ['replicas<3', false, false],
    ['app=web,tier=back', false, false],
  ])('label selector %j: labelled=%s, unlabelled=%s', (labelSelector, forLabelled, forPlain) => {
    const parsed = parseSelectors({ labelSelector });
    expect(matches(labelled, parsed)).toBe(forLabelled);
    expect(matches(plain, parsed)).toBe(forPlain);
  });

  it('applies field selectors and the namespace', () => {
    expect(matches(labelled, parseSelectors({ fieldSelector: 'metadata.name=web' }))).toBe(true);
    expect(matches(plain, parseSelectors({ fieldSelector: 'metadata.name=web' }))).toBe(false);
    expect(matches(plain, parseSelectors({ fieldSelector: 'metadata.namespace!=prod' }))).toBe(false);
    expect(matches(plain, parseSelectors({ namespace: 'dev' }))).toBe(false);
    expect(matches(plain, parseSelectors({ namespace: 'prod' }))).toBe(true);
  });

  it('treats a cluster-scoped object as having the empty namespace', () => {
    const image = obj('sha256:abc', undefined);
    expect(matches(image, parseSelectors({ fieldSelector: 'metadata.namespace=' }))).toBe(true);
    expect(matches(image, parseSelectors({}))).toBe(true);
  });
});
