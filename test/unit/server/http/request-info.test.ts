import { describe, expect, it } from 'vitest';
import { parseRequestInfo } from '../../../../src/server/http/request-info.js';

describe('request info', () => {
  it('parses a namespaced object path with a colon in the name', () => {
    expect(
      parseRequestInfo('GET', '/apis/image.openshift.io/v1/namespaces/ns1/imagestreamtags/ruby:latest', {}),
    ).toEqual({
      verb: 'get',
      group: 'image.openshift.io',
      version: 'v1',
      resource: 'imagestreamtags',
      namespace: 'ns1',
      name: 'ruby:latest',
    });
  });
  it('parses a list across namespaces and a watch', () => {
    expect(parseRequestInfo('GET', '/apis/image.openshift.io/v1/imagestreams', {})?.verb).toBe('list');
    expect(
      parseRequestInfo('GET', '/apis/image.openshift.io/v1/imagestreams?watch=true', { watch: 'true' })?.verb,
    ).toBe('watch');
  });
  it('parses subresources', () => {
    const info = parseRequestInfo(
      'PUT',
      '/apis/image.openshift.io/v1/namespaces/a/imagestreams/x/status',
      {},
    );
    expect(info).toMatchObject({
      verb: 'update',
      resource: 'imagestreams',
      name: 'x',
      subresource: 'status',
    });
  });
  it('parses core namespaces and their subresources', () => {
    expect(parseRequestInfo('GET', '/api/v1/namespaces/foo', {})).toMatchObject({
      group: '',
      resource: 'namespaces',
      name: 'foo',
    });
    expect(parseRequestInfo('PUT', '/api/v1/namespaces/foo/status', {})).toMatchObject({
      resource: 'namespaces',
      name: 'foo',
      subresource: 'status',
    });
    expect(parseRequestInfo('POST', '/api/v1/namespaces/foo/events', {})).toMatchObject({
      verb: 'create',
      resource: 'events',
      namespace: 'foo',
    });
  });
  it('maps methods to verbs and rejects methods that do not apply', () => {
    expect(parseRequestInfo('PATCH', '/apis/g/v1/namespaces/a/r/n', {})?.verb).toBe('patch');
    expect(parseRequestInfo('DELETE', '/apis/g/v1/namespaces/a/r/n', {})?.verb).toBe('delete');
    expect(parseRequestInfo('POST', '/apis/g/v1/namespaces/a/r/n', {})?.verb).toBeUndefined();
  });
  it('decodes percent-encoded names and refuses paths that are no resource paths', () => {
    expect(parseRequestInfo('GET', '/apis/g/v1/namespaces/a/r/is%40sha256%3Aabc', {})?.name).toBe(
      'is@sha256:abc',
    );
    expect(parseRequestInfo('GET', '/apis/g/v1/namespaces/a/r/n/s/extra', {})).toBeUndefined();
    expect(parseRequestInfo('GET', '/other/path', {})).toBeUndefined();
  });
});
