import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../src/api/status-error.js';
import {
  checkContinueToken,
  decodeContinueToken,
  encodeContinueToken,
} from '../../../src/store/continue-token.js';

function statusOf(f: () => unknown): StatusError {
  try {
    f();
  } catch (e) {
    if (e instanceof StatusError) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

describe('continue tokens', () => {
  it('round-trip the resourceVersion and the last key through an opaque base64url string', () => {
    const token = { resourceVersion: 42, namespace: 'ns', name: 'a' };
    const encoded = encodeContinueToken(token);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeContinueToken(encoded)).toEqual(token);
  });

  it.each([
    ['not base64url', '%%%'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['JSON of another shape', Buffer.from(JSON.stringify({ rv: 1 })).toString('base64url')],
    [
      'a negative resourceVersion',
      Buffer.from(JSON.stringify({ v: 1, rv: -1, ns: '', name: 'a' })).toString('base64url'),
    ],
    [
      'extra fields',
      Buffer.from(JSON.stringify({ v: 1, rv: 1, ns: '', name: 'a', x: 1 })).toString('base64url'),
    ],
    ['the empty string', ''],
  ])('rejects %s with 400 BadRequest', (_what, value) => {
    const e = statusOf(() => decodeContinueToken(value));
    expect(e.code).toBe(400);
    expect(e.message).toMatch(/^continue key is not valid/);
  });

  it('accepts a token within the retained history', () => {
    const token = { resourceVersion: 10, namespace: 'a', name: 'b' };
    expect(() => checkContinueToken(token, { current: 12, compacted: 10, namespace: 'a' })).not.toThrow();
  });

  it('answers 410 Expired when the history of its resourceVersion is gone', () => {
    const token = { resourceVersion: 9, namespace: 'a', name: 'b' };
    const e = statusOf(() => checkContinueToken(token, { current: 12, compacted: 10, namespace: undefined }));
    expect(e.code).toBe(410);
    expect(e.reason).toBe('Expired');
    expect(e.message).toContain('too old to display a consistent list result');
  });

  it('rejects a token from the future or from another namespace with 400', () => {
    const token = { resourceVersion: 13, namespace: 'a', name: 'b' };
    expect(
      statusOf(() => checkContinueToken(token, { current: 12, compacted: 0, namespace: undefined })).code,
    ).toBe(400);
    const other = { resourceVersion: 5, namespace: 'a', name: 'b' };
    expect(
      statusOf(() => checkContinueToken(other, { current: 12, compacted: 0, namespace: 'z' })).code,
    ).toBe(400);
  });
});
