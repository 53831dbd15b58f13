import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../../src/api/status-error.js';
import { decodeCoreObject } from '../../../../src/server/resources/core-object-decode.js';

function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('no error');
}

describe('decoding a Namespace or Event body', () => {
  it('keeps a good body as sent, fields of its own included', () => {
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'e1', namespace: 'default', labels: { a: 'b' } },
      involvedObject: { kind: 'ImageStream', name: 's' },
      reason: 'Imported',
    };
    expect(decodeCoreObject('Event', body)).toEqual(body);
  });

  it('refuses a body that is not an object with metadata', () => {
    const err = errorOf(() => decodeCoreObject('Namespace', { apiVersion: 'v1', kind: 'Namespace' }));
    expect(isStatusError(err) && err.code).toBe(400);
  });

  it('refuses metadata of the wrong type with a 422 naming the field', () => {
    const err = errorOf(() =>
      decodeCoreObject('Namespace', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'ns1', labels: { team: 7 } },
      }),
    );
    expect(isStatusError(err) && err.code).toBe(422);
    expect(isStatusError(err) && err.details?.causes?.map((c) => c.field)).toEqual(['metadata.labels.team']);
    expect(isStatusError(err) && err.details?.name).toBe('ns1');
  });
});
