import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../../src/api/status-error.js';
import { checkSourceAccess } from '../../../../src/server/auth/source-access.js';

const writer = { name: 'mallory', groups: ['imagestreams:write:team-a'] };
const target = { name: 'app', group: 'image.openshift.io', kind: 'imagestreams' };
const source = (namespace: string, field = 'spec.tags[0].from') => ({ namespace, name: 'secret', field });

async function thrown(f: () => Promise<void>): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('reading a tag source in another namespace', () => {
  it('is forbidden without a read grant there, in RBAC words, with a cause per source', async () => {
    const e = await thrown(() =>
      checkSourceAccess(writer, target, [source('team-b'), source('team-c', 'spec.tags[1].from')]),
    );
    expect(isStatusError(e) && e.code).toBe(403);
    expect((e as Error).message).toBe(
      'imagestreams.image.openshift.io "secret" is forbidden: User "mallory" cannot get resource "imagestreams/layers" in API group "image.openshift.io" in the namespace "team-b"',
    );
    expect(isStatusError(e) && e.toStatus().details).toMatchObject({
      name: 'app',
      causes: [
        { reason: 'FieldValueForbidden', field: 'spec.tags[0].from', message: 'Forbidden: team-b/secret' },
        { reason: 'FieldValueForbidden', field: 'spec.tags[1].from', message: 'Forbidden: team-c/secret' },
      ],
    });
  });

  it('is allowed with a read grant there (or anywhere), and for admins', async () => {
    const both = { name: 'ci', groups: ['imagestreams:write:team-a', 'imagestreams:read:team-b'] };
    await expect(checkSourceAccess(both, target, [source('team-b')])).resolves.toBeUndefined();
    await expect(
      checkSourceAccess({ name: 'v', groups: ['imagestreams:read:*'] }, target, [source('team-x')]),
    ).resolves.toBeUndefined();
    await expect(
      checkSourceAccess({ name: 'root', groups: ['imagestreams:admin'] }, target, [source('team-b')]),
    ).resolves.toBeUndefined();
    await expect(checkSourceAccess(writer, target, [])).resolves.toBeUndefined();
  });
});
