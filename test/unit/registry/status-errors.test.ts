import { describe, expect, it } from 'vitest';
import { errorForStatus } from '../../../src/registry/status-errors.js';
import type { HttpResponse } from '../../../src/registry/transport.js';

function res(status: number, body: unknown = ''): HttpResponse {
  return {
    status,
    headers: {},
    body: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    url: new URL('http://r/v2/'),
  };
}
const target = { registry: 'reg.example', repository: 'team/app' };

describe('errorForStatus', () => {
  it('404 is NotFound with the registry error code', () => {
    const e = errorForStatus(
      res(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }),
      target,
      'manifest "x"',
    );
    expect(e.kind).toBe('NotFound');
    expect(e.code).toBe('MANIFEST_UNKNOWN');
    expect(e.message).toBe(
      'manifest "x" not found in repository reg.example/team/app (MANIFEST_UNKNOWN: manifest unknown)',
    );
  });

  it('401 is Unauthorized in OpenShift words naming the image', () => {
    const e = errorForStatus(res(401), target, 'manifest "x"', 'reg.example/team/app:x');
    expect(e.kind).toBe('Unauthorized');
    expect(e.message).toBe('you may not have access to the container image "reg.example/team/app:x"');
  });

  it('403 is Forbidden and anything else a BadResponse, even with a non-JSON body', () => {
    expect(errorForStatus(res(403, '<html>'), target, 'tags').kind).toBe('Forbidden');
    const bad = errorForStatus(res(400, 'garbage'), target, 'tags');
    expect(bad.kind).toBe('BadResponse');
    expect(bad.status).toBe(400);
    expect(bad.message).toContain('HTTP 400');
  });
});
