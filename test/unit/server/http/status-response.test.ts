import { describe, expect, it } from 'vitest';
import { notFound } from '../../../../src/api/status-error.js';
import { statusBody, toStatusError } from '../../../../src/server/http/status-response.js';

describe('Status translation', () => {
  it('passes a StatusError through as the client error it is', () => {
    const { error, bug } = toStatusError(
      notFound({ resource: 'imagestreams', group: 'image.openshift.io', name: 'x' }),
    );
    expect(bug).toBe(false);
    expect(statusBody(error)).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 404,
      reason: 'NotFound',
      message: 'imagestreams.image.openshift.io "x" not found',
    });
  });
  it('turns fastify body errors into Kubernetes reasons', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(toStatusError(tooLarge).error).toMatchObject({ code: 413, reason: 'RequestEntityTooLarge' });
    const media = Object.assign(new Error('Unsupported Media Type'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    expect(toStatusError(media).error).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
  });
  it('answers a bug as 500 InternalError without its message', () => {
    const { error, bug } = toStatusError(new TypeError('secret internals at /src/x.ts'));
    expect(bug).toBe(true);
    const body = statusBody(error);
    expect(body.code).toBe(500);
    expect(body.reason).toBe('InternalError');
    expect(body.message).not.toContain('secret internals');
  });
});
