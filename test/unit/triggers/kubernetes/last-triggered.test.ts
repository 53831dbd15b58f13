import { describe, expect, it } from 'vitest';
import {
  formatLastTriggered,
  parseLastTriggered,
} from '../../../../src/triggers/targets/kubernetes/index.js';
import { lastTriggeredDigest } from '../../../../src/triggers/targets/kubernetes/last-triggered.js';
import { parseRefKey, refKey } from '../../../../src/triggers/targets/kubernetes/kinds.js';

const D = `sha256:${'d'.repeat(64)}`;

describe('the last-triggered annotation', () => {
  it('round-trips a fieldPath map, sorted', () => {
    const value = formatLastTriggered({ 'spec.z': `r@${D}`, 'spec.a': `r@${D}` });
    expect(value).toBe(`{"spec.a":"r@${D}","spec.z":"r@${D}"}`);
    expect(parseLastTriggered(value)).toEqual({ 'spec.a': `r@${D}`, 'spec.z': `r@${D}` });
  });

  it('reads an absent, malformed or mistyped value as empty', () => {
    expect(parseLastTriggered(undefined)).toEqual({});
    expect(parseLastTriggered('{not json')).toEqual({});
    expect(parseLastTriggered('["a"]')).toEqual({});
    expect(parseLastTriggered('{"a":1}')).toEqual({});
  });

  it('gives the digest of the remembered reference', () => {
    expect(lastTriggeredDigest({ f: `r@${D}` }, 'f')).toBe(D);
    expect(lastTriggeredDigest({}, 'f')).toBeUndefined();
  });
});

describe('object keys', () => {
  it('round-trips kind/namespace/name and rejects unknown kinds', () => {
    expect(parseRefKey(refKey({ kind: 'CronJob', namespace: 'n', name: 'x' }))).toEqual({
      kind: 'CronJob',
      namespace: 'n',
      name: 'x',
    });
    expect(parseRefKey('Job/n/x')).toBeUndefined();
    expect(parseRefKey('Pod/n')).toBeUndefined();
  });
});
