import { GRPCUnavailableError } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { notFound } from '../../../../src/api/status-error.js';
import { isCompactedError, toStatusError } from '../../../../src/store/etcd/etcd-errors.js';

describe('etcd errors as StatusErrors', () => {
  it('recognizes etcd’s compaction error by its message', () => {
    expect(isCompactedError(new Error('etcdserver: mvcc: required revision has been compacted'))).toBe(true);
    expect(isCompactedError(new Error('other'))).toBe(false);
  });

  it('maps an unreachable etcd to 503, other failures to 500, and passes StatusErrors through', () => {
    const unavailable = toStatusError(
      'get',
      new GRPCUnavailableError('14 UNAVAILABLE: No connection established'),
    );
    expect(unavailable).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
    expect(unavailable.cause).toBeInstanceOf(GRPCUnavailableError);
    expect(toStatusError('get', new Error('etcdserver: request is too large'))).toMatchObject({ code: 500 });
    const nf = notFound({ resource: 'x', name: 'y' });
    expect(toStatusError('get', nf)).toBe(nf);
  });
});
