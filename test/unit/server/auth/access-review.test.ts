import { describe, expect, it } from 'vitest';
import {
  reviewNonResourceAccess,
  reviewResourceAccess,
  reviewRules,
  type ServedResource,
} from '../../../../src/server/auth/access-review.js';
import { isAllowed } from '../../../../src/server/auth/authorizer.js';
import type { Verb } from '../../../../src/server/http/request-info.js';

const IMAGE = 'image.openshift.io';
const SERVED: ServedResource[] = [
  {
    group: '',
    resource: 'namespaces',
    namespaced: false,
    verbs: ['create', 'delete', 'get', 'list', 'update', 'watch'],
  },
  {
    group: IMAGE,
    resource: 'imagestreams',
    namespaced: true,
    verbs: ['create', 'get', 'list', 'watch'],
    subresources: [{ name: 'status', verbs: ['get', 'update'] }],
  },
  { group: IMAGE, resource: 'images', namespaced: false, verbs: ['create', 'get', 'list'] },
];
const admin = { name: 'ada', groups: ['imagestreams:admin'] };
const writer = { name: 'walt', groups: ['imagestreams:write:default', 'imagestreams:read:other'] };
const nobody = { name: 'nemo', groups: [] };

describe('SelfSubjectAccessReview answers', () => {
  it('says yes exactly where the authorizer lets the request through', () => {
    for (const user of [admin, writer, nobody])
      for (const namespace of ['default', 'other', 'third'])
        for (const verb of ['get', 'list', 'create', 'delete'] as Verb[]) {
          const info = { verb, group: IMAGE, version: 'v1', resource: 'imagestreams', namespace };
          const review = reviewResourceAccess(user, { ...info }, SERVED);
          expect(review.allowed, `${user.name} ${verb} ${namespace}`).toBe(isAllowed(user, info));
        }
  });

  it('names the grants that allowed it, and gives no reason for a no', () => {
    expect(
      reviewResourceAccess(
        writer,
        { namespace: 'default', verb: 'create', group: IMAGE, resource: 'imagestreams' },
        SERVED,
      ),
    ).toEqual({
      allowed: true,
      reason: 'allowed by the grants of user "walt": imagestreams:write:default, imagestreams:read:other',
    });
    expect(
      reviewResourceAccess(
        writer,
        { namespace: 'other', verb: 'create', group: IMAGE, resource: 'imagestreams' },
        SERVED,
      ),
    ).toEqual({ allowed: false });
  });

  it('holds a wildcard verb or resource only when every match is allowed', () => {
    const star = { namespace: 'default', verb: '*', group: IMAGE, resource: 'imagestreams' };
    expect(reviewResourceAccess(writer, star, SERVED).allowed).toBe(true);
    expect(reviewResourceAccess(writer, { ...star, namespace: 'other' }, SERVED).allowed).toBe(false);
    // images are cluster-scoped: nobody but an admin writes them
    expect(reviewResourceAccess(writer, { ...star, resource: '*' }, SERVED).allowed).toBe(false);
    expect(reviewResourceAccess(admin, { ...star, resource: '*', group: '*' }, SERVED).allowed).toBe(true);
  });

  it('refuses verbs the API does not have (impersonate, escalate) to non-admins', () => {
    expect(
      reviewResourceAccess(writer, { namespace: 'default', verb: 'impersonate', resource: 'users' }, SERVED)
        .allowed,
    ).toBe(false);
  });

  it('lets any authenticated user read discovery, but not write it', () => {
    expect(reviewNonResourceAccess(nobody, { path: '/apis/image.openshift.io', verb: 'get' }).allowed).toBe(
      true,
    );
    expect(reviewNonResourceAccess(nobody, { path: '/apis', verb: 'post' }).allowed).toBe(false);
    expect(reviewNonResourceAccess(nobody, { path: '/debug/pprof', verb: 'get' }).allowed).toBe(false);
  });
});

describe('SelfSubjectRulesReview rules', () => {
  it('gives an admin everything', () => {
    expect(reviewRules(admin, 'default', SERVED).resourceRules).toEqual([
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    ]);
  });

  it('lists the served verbs a writer may use in its namespace, the namespace itself by name', () => {
    const rules = reviewRules(writer, 'default', SERVED).resourceRules;
    expect(rules).toEqual([
      { verbs: ['get'], apiGroups: [''], resources: ['namespaces'], resourceNames: ['default'] },
      { verbs: ['create', 'get', 'list', 'watch'], apiGroups: [IMAGE], resources: ['imagestreams'] },
      // status writes need a status grant, images are admin-only
      { verbs: ['get'], apiGroups: [IMAGE], resources: ['imagestreams/status'] },
    ]);
    const status = { name: 'ctl', groups: ['imagestreams:status:default'] };
    expect(reviewRules(status, 'default', SERVED).resourceRules).toContainEqual({
      verbs: ['get', 'update'],
      apiGroups: [IMAGE],
      resources: ['imagestreams/status'],
    });
  });

  it('lists only reads where the user only reads, and nothing where it has no grant', () => {
    const other = reviewRules(writer, 'other', SERVED).resourceRules;
    expect(other).toContainEqual({
      verbs: ['get', 'list', 'watch'],
      apiGroups: [IMAGE],
      resources: ['imagestreams'],
    });
    expect(other.flatMap((r) => r.verbs)).not.toContain('create');
    expect(reviewRules(nobody, 'default', SERVED).resourceRules).toEqual([]);
  });
});
