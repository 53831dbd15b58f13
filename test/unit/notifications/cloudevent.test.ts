import { createHmac } from 'node:crypto';
import { HTTP } from 'cloudevents';
import { describe, expect, it } from 'vitest';
import {
  hmacSha256Signature,
  verifyHmacSha256,
  constantTimeEqual,
} from '../../../src/notifications/inbound/secrets.js';
import {
  SIGNATURE_HEADER,
  tagUpdatedEvent,
  toHttpMessage,
} from '../../../src/notifications/outbound/cloudevent.js';
import { D1, D2 } from './fixtures.js';

const change = {
  namespace: 'team',
  stream: 'app',
  tag: 'latest',
  oldDigest: D1,
  newDigest: D2,
  dockerImageReference: `reg/team/app@${D2}`,
};

describe('HMAC signatures', () => {
  it('is sha256= and the hex HMAC-SHA256 of the body', () => {
    const expected = createHmac('sha256', 'k').update('hello').digest('hex');
    expect(hmacSha256Signature('k', 'hello')).toBe(`sha256=${expected}`);
  });

  it('verifies only the same bytes with the same secret', () => {
    const body = Buffer.from('{"a":1}');
    const sig = hmacSha256Signature('k', body);
    expect(verifyHmacSha256('k', body, sig)).toBe(true);
    expect(verifyHmacSha256('k', body, sig.toUpperCase().replace('SHA256', 'sha256'))).toBe(true);
    expect(verifyHmacSha256('other', body, sig)).toBe(false);
    expect(verifyHmacSha256('k', Buffer.from('{"a": 1}'), sig)).toBe(false);
    expect(verifyHmacSha256('k', body, undefined)).toBe(false);
    expect(verifyHmacSha256('k', body, 'sha1=abc')).toBe(false);
  });

  it('compares secrets of different lengths without throwing', () => {
    expect(constantTimeEqual('a', 'abc')).toBe(false);
    expect(constantTimeEqual(undefined, 'abc')).toBe(false);
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
  });
});

describe('tag.updated CloudEvents', () => {
  it('names the type, the stream as source and stream:tag as subject', () => {
    const event = tagUpdatedEvent(change, new Date('2026-01-02T03:04:05Z'));
    expect(event.type).toBe('io.imagestreams.tag.updated');
    expect(event.source).toBe('/apis/image.openshift.io/v1/namespaces/team/imagestreams/app');
    expect(event.subject).toBe('app:latest');
    expect(event.specversion).toBe('1.0');
    expect(event.time).toBe('2026-01-02T03:04:05.000Z');
    expect(event.data).toEqual({
      namespace: 'team',
      stream: 'app',
      tag: 'latest',
      oldDigest: D1,
      newDigest: D2,
      dockerImageReference: `reg/team/app@${D2}`,
    });
  });

  it('gives a new tag a null old digest', () => {
    const { oldDigest: _old, ...fresh } = change;
    expect(tagUpdatedEvent(fresh, new Date()).data?.oldDigest).toBeNull();
  });

  it('signs the exact structured body, which a CloudEvents reader parses back', () => {
    const event = tagUpdatedEvent(change, new Date());
    const message = toHttpMessage(event, 'structured', 's3cret');
    expect(message.headers['content-type']).toContain('application/cloudevents+json');
    expect(message.headers[SIGNATURE_HEADER]).toBe(hmacSha256Signature('s3cret', message.body));
    const parsed = HTTP.toEvent({ headers: message.headers, body: message.body });
    expect(Array.isArray(parsed) ? parsed[0]?.id : parsed.id).toBe(event.id);
  });

  it('puts the attributes in ce- headers in binary mode and signs the data body', () => {
    const message = toHttpMessage(tagUpdatedEvent(change, new Date()), 'binary', 's3cret');
    expect(message.headers['ce-type']).toBe('io.imagestreams.tag.updated');
    expect(message.headers['ce-subject']).toBe('app:latest');
    expect(JSON.parse(message.body)).toMatchObject({ newDigest: D2 });
    expect(message.headers[SIGNATURE_HEADER]).toBe(hmacSha256Signature('s3cret', message.body));
  });

  it('sends no signature header without a secret', () => {
    expect(
      toHttpMessage(tagUpdatedEvent(change, new Date()), 'structured', undefined).headers[SIGNATURE_HEADER],
    ).toBeUndefined();
  });
});
