import { describe, expect, it } from 'vitest';
import { forbiddenFor, isAllowed } from '../../../../src/server/auth/authorizer.js';
import type { RequestInfo } from '../../../../src/server/http/request-info.js';

const IS = { group: 'image.openshift.io', version: 'v1', resource: 'imagestreams' };
const reader = { name: 'reader', groups: ['imagestreams:read:team-a'] };
const writer = { name: 'writer', groups: ['imagestreams:write:team-a'] };
const admin = { name: 'root', groups: ['imagestreams:admin'] };
const info = (
  verb: RequestInfo['verb'],
  namespace?: string,
  extra: Partial<RequestInfo> = {},
): RequestInfo => ({ ...IS, verb, ...(namespace ? { namespace } : {}), ...extra });

describe('authorization', () => {
  it('lets a reader read but not write in its namespace only', () => {
    expect(isAllowed(reader, info('get', 'team-a', { name: 'x' }))).toBe(true);
    expect(isAllowed(reader, info('watch', 'team-a'))).toBe(true);
    expect(isAllowed(reader, info('create', 'team-a'))).toBe(false);
    expect(isAllowed(reader, info('get', 'team-b', { name: 'x' }))).toBe(false);
  });
  it('lets a writer write in its namespace', () => {
    expect(isAllowed(writer, info('patch', 'team-a', { name: 'x' }))).toBe(true);
    expect(isAllowed(writer, info('delete', 'team-b', { name: 'x' }))).toBe(false);
  });
  it('needs a * grant for lists across namespaces; admins may do anything', () => {
    expect(isAllowed(reader, info('list'))).toBe(false);
    expect(isAllowed({ name: 'r', groups: ['imagestreams:read:*'] }, info('list'))).toBe(true);
    expect(isAllowed(admin, info('delete', 'x', { name: 'y' }))).toBe(true);
  });
  it('lets readers read images and only admins write them', () => {
    const images = { group: 'image.openshift.io', version: 'v1', resource: 'images' };
    expect(isAllowed(reader, { ...images, verb: 'get', name: 'sha256:x' })).toBe(true);
    expect(isAllowed(writer, { ...images, verb: 'create' })).toBe(false);
  });
  it('words a 403 as the Kubernetes RBAC authorizer does', () => {
    const e = forbiddenFor(reader, info('create', 'team-a'));
    expect(e.code).toBe(403);
    expect(e.message).toBe(
      'imagestreams.image.openshift.io is forbidden: User "reader" cannot create resource "imagestreams" in API group "image.openshift.io" in the namespace "team-a"',
    );
    expect(forbiddenFor(reader, info('list')).message).toContain('at the cluster scope');
  });
});
