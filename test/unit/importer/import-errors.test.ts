import { describe, expect, it } from 'vitest';
import { importFailureStatus, redactSecrets } from '../../../src/importer/import-errors.js';
import { forbidden } from '../../../src/api/status-error.js';

class FakeRegistryError extends Error {
  kind: string;
  retryAfterSeconds?: number;
  constructor(kind: string, message: string, retryAfterSeconds?: number) {
    super(message);
    this.kind = kind;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

const target = {
  ref: 'reg.local:5000/team/app:1.0',
  repository: 'reg.local:5000/team/app',
  registry: 'reg.local:5000',
};

describe('importFailureStatus', () => {
  it('maps an unknown manifest to NotFound naming the dockerimage', () => {
    const s = importFailureStatus(new FakeRegistryError('NotFound', 'manifest unknown'), target);
    expect(s).toMatchObject({ status: 'Failure', code: 404, reason: 'NotFound' });
    expect(s.message).toBe('dockerimage.image.openshift.io "reg.local:5000/team/app:1.0" not found');
  });

  it('maps 401 to Unauthorized with OpenShift wording', () => {
    const s = importFailureStatus(new FakeRegistryError('Unauthorized', 'HTTP 401'), target);
    expect(s.reason).toBe('Unauthorized');
    expect(s.code).toBe(401);
    expect(s.message).toBe('you may not have access to the container image "reg.local:5000/team/app:1.0"');
  });

  it('maps a plain-HTTP registry to BadRequest requiring the insecure flag', () => {
    const s = importFailureStatus(new FakeRegistryError('InsecureRequired', 'x'), target);
    expect(s.code).toBe(400);
    expect(s.message).toBe(
      'the repository reg.local:5000/team/app is HTTP only and requires the insecure flag to import',
    );
  });

  it('maps a registry without the v2 API to Forbidden with reason NotV2Registry', () => {
    const s = importFailureStatus(new FakeRegistryError('NotV2Registry', 'x'), target);
    expect(s).toMatchObject({ code: 403, reason: 'NotV2Registry' });
  });

  it('maps rate limits, outages and timeouts to distinct reasons', () => {
    expect(importFailureStatus(new FakeRegistryError('RateLimited', 'x', 7), target)).toMatchObject({
      code: 429,
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 7 },
    });
    expect(importFailureStatus(new FakeRegistryError('Unavailable', 'HTTP 503'), target).reason).toBe(
      'ServiceUnavailable',
    );
    expect(importFailureStatus(new FakeRegistryError('Timeout', 'x'), target).reason).toBe('Timeout');
  });

  it('passes StatusErrors through and hides the details of unexpected errors', () => {
    expect(importFailureStatus(forbidden('registry "x" not allowed by whitelist: '), target).code).toBe(403);
    const s = importFailureStatus(new TypeError('cannot read foo of undefined'), target);
    expect(s).toMatchObject({ code: 500, reason: 'InternalError' });
    expect(s.message).not.toContain('foo');
  });

  it('never lets credentials into the message', () => {
    const s = importFailureStatus(
      new FakeRegistryError(
        'Unavailable',
        'connect to https://bob:hunter2@reg.local:5000/v2/ failed, Authorization: Bearer abc.def',
      ),
      target,
    );
    expect(s.message).not.toContain('hunter2');
    expect(s.message).not.toContain('abc.def');
  });
});

describe('redactSecrets', () => {
  it('removes user-info, bearer tokens and password fields', () => {
    expect(redactSecrets('http://u:p@h/x')).toBe('http://h/x');
    expect(redactSecrets('Basic dXNlcjpwYXNz')).toBe('Basic [redacted]');
    expect(redactSecrets('token=abc&x=1 password: "pw"')).toBe('token=[redacted]&x=1 password: "[redacted]"');
  });
});
