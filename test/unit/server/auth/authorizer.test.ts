import { describe, expect, it } from 'vitest';
import { forbiddenFor, grantsOf, isAllowed, requiredGrant } from '../../../../src/server/auth/authorizer.js';
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
  it('treats deletecollection as a write in the namespace', () => {
    expect(isAllowed(writer, info('deletecollection', 'team-a'))).toBe(true);
    expect(isAllowed(reader, info('deletecollection', 'team-a'))).toBe(false);
    expect(isAllowed(writer, info('deletecollection', 'team-b'))).toBe(false);
  });
  it('lets any grant list the (empty) custom resource definitions, which kubectl reads', () => {
    const crds = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
    expect(isAllowed(reader, { ...crds, verb: 'list' })).toBe(true);
    expect(isAllowed({ name: 'nobody', groups: [] }, { ...crds, verb: 'list' })).toBe(false);
    expect(isAllowed(writer, { ...crds, verb: 'create' })).toBe(false);
  });
  it('keeps images (cluster-scoped) for admins, as OpenShift does', () => {
    const images = { group: 'image.openshift.io', version: 'v1', resource: 'images' };
    for (const verb of ['get', 'list', 'watch'] as const) {
      expect(isAllowed(reader, { ...images, verb, name: 'sha256:x' })).toBe(false);
      expect(isAllowed(writer, { ...images, verb })).toBe(false);
      expect(isAllowed({ name: 'all', groups: ['imagestreams:write:*'] }, { ...images, verb })).toBe(false);
      expect(isAllowed(admin, { ...images, verb })).toBe(true);
    }
    expect(isAllowed(writer, { ...images, verb: 'create' })).toBe(false);
    // namespace users reach images through their streams
    const isimage = { ...IS, resource: 'imagestreamimages', namespace: 'team-a', name: 'app@sha256:x' };
    expect(isAllowed(reader, { ...isimage, verb: 'get' })).toBe(true);
    expect(
      isAllowed(reader, { ...info('get', 'team-a', { name: 'app:v1' }), resource: 'imagestreamtags' }),
    ).toBe(true);
  });

  it('keeps namespace writes for admins; readers get their own namespace', () => {
    const ns = (verb: RequestInfo['verb'], name?: string): RequestInfo => ({
      group: '',
      version: 'v1',
      resource: 'namespaces',
      verb,
      ...(name ? { name } : {}),
    });
    const writeAll = { name: 'all', groups: ['imagestreams:write:*'] };
    for (const verb of ['patch', 'update', 'delete'] as const) {
      expect(isAllowed(writer, ns(verb, 'team-a'))).toBe(false);
      expect(isAllowed(writeAll, ns(verb, 'team-b'))).toBe(false);
      expect(isAllowed(admin, ns(verb, 'team-a'))).toBe(true);
    }
    expect(isAllowed(writeAll, ns('create'))).toBe(false);
    expect(isAllowed(writer, { ...ns('update', 'team-a'), subresource: 'finalize' })).toBe(false);
    expect(isAllowed(reader, ns('get', 'team-a'))).toBe(true);
    expect(isAllowed(reader, ns('get', 'team-b'))).toBe(false);
    expect(isAllowed(reader, ns('list'))).toBe(false);
  });

  it('needs a status grant to write status subresources, which also reads', () => {
    const status = { name: 'ctl', groups: ['imagestreams:status:team-a'] };
    for (const verb of ['update', 'patch'] as const) {
      const req = info(verb, 'team-a', { name: 'app', subresource: 'status' });
      expect(isAllowed(writer, req)).toBe(false);
      expect(isAllowed(status, req)).toBe(true);
      expect(isAllowed(status, { ...req, namespace: 'team-b' })).toBe(false);
      expect(isAllowed(admin, req)).toBe(true);
    }
    expect(isAllowed(writer, info('get', 'team-a', { name: 'app', subresource: 'status' }))).toBe(true);
    expect(isAllowed(status, info('get', 'team-a', { name: 'app' }))).toBe(true);
    // a status grant is not a write grant on the object itself
    expect(isAllowed(status, info('patch', 'team-a', { name: 'app' }))).toBe(false);
    expect(requiredGrant(info('patch', 'team-a', { name: 'app', subresource: 'status' }))).toBe('status');
  });

  it('needs a registry grant to create imagestreammappings', () => {
    const registry = { name: 'registry', groups: ['imagestreams:registry:team-a'] };
    const mapping = { ...info('create', 'team-a'), resource: 'imagestreammappings' };
    expect(isAllowed(writer, mapping)).toBe(false);
    expect(isAllowed({ name: 'all', groups: ['imagestreams:write:*'] }, mapping)).toBe(false);
    expect(isAllowed(registry, mapping)).toBe(true);
    expect(isAllowed(registry, { ...mapping, namespace: 'team-b' })).toBe(false);
    expect(isAllowed({ name: 'r', groups: ['imagestreams:registry:*'] }, mapping)).toBe(true);
    expect(isAllowed(registry, info('get', 'team-a', { name: 'app' }))).toBe(true);
    expect(isAllowed(registry, info('create', 'team-a'))).toBe(false);
    expect(isAllowed(admin, mapping)).toBe(true);
  });

  it('reads grants from groups; every kind implies read', () => {
    const g = grantsOf({
      name: 'u',
      groups: ['imagestreams:status:a', 'imagestreams:registry:b', 'imagestreams:write:c', 'other:read:d'],
    });
    expect(g.admin).toBe(false);
    expect([...g.namespaces.read].sort()).toEqual(['a', 'b', 'c']);
    expect([...g.namespaces.write]).toEqual(['c']);
    expect(grantsOf({ name: 'm', groups: ['system:masters'] }).admin).toBe(true);
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
