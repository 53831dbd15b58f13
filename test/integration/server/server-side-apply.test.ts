/**
 * Server-side apply with the real kubectl (`kubectl apply --server-side`): creation, field
 * managers on different tags, 409 naming field and manager, --force-conflicts, removal of a tag
 * only its applier owned, no-op re-apply, dry run, managedFields shown on request, and the 415
 * of a virtual kind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runKubectl, startTestApiServer, type TestApiServer } from '../../support/api-server.js';

let api: TestApiServer;
const kubectl = (args: string[], input?: string) =>
  runKubectl(api.kubeconfig, args, input === undefined ? {} : { input });

function stream(name: string, tags: Record<string, string>, extra = ''): string {
  const items = Object.entries(tags)
    .map(([tag, from]) => `  - name: "${tag}"\n    from:\n      kind: DockerImage\n      name: ${from}`)
    .join('\n');
  return `apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: ${name}${extra}
spec:
  tags:
${items}
`;
}

interface Stream {
  metadata: {
    resourceVersion: string;
    managedFields?: { manager: string; operation: string; fieldsV1: unknown }[];
  };
  spec: { tags?: { name: string; from: { name: string } }[] };
}

async function getStream(name: string): Promise<Stream> {
  const r = await kubectl(['get', 'is', name, '-o', 'yaml', '--show-managed-fields']);
  expect(r.stderr).toBe('');
  return parse(r.stdout) as Stream;
}

const tagsOf = (s: Stream) => Object.fromEntries((s.spec.tags ?? []).map((t) => [t.name, t.from.name]));

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(async () => {
  await api?.close();
});

describe('kubectl apply --server-side', () => {
  it('creates the stream and records the applier in managedFields', async () => {
    const r = await kubectl(
      ['apply', '--server-side', '--field-manager', 'team-a', '-f', '-'],
      stream('web', { a: 'nginx:1.25' }),
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('imagestream.image.openshift.io/web serverside-applied');
    const s = await getStream('web');
    expect(s.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'team-a',
        operation: 'Apply',
        apiVersion: 'image.openshift.io/v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:spec': {
            'f:tags': {
              'k:{"name":"a"}': { '.': {}, 'f:from': { 'f:kind': {}, 'f:name': {} }, 'f:name': {} },
            },
          },
        },
      }),
    ]);
  });

  it('hides managedFields unless asked, as kubectl does', async () => {
    const r = await kubectl(['get', 'is', 'web', '-o', 'yaml']);
    expect(r.stdout).not.toContain('managedFields');
    const raw = await kubectl([
      'get',
      '--raw',
      '/apis/image.openshift.io/v1/namespaces/default/imagestreams/web',
    ]);
    expect(raw.stdout).toContain('"managedFields"');
  });

  it('keeps both tags when two managers apply different tags of one stream', async () => {
    const r = await kubectl(
      ['apply', '--server-side', '--field-manager', 'team-b', '-f', '-'],
      stream('web', { b: 'nginx:1.27' }),
    );
    expect(r.stderr).toBe('');
    const again = await kubectl(
      ['apply', '--server-side', '--field-manager', 'team-a', '-f', '-'],
      stream('web', { a: 'nginx:1.25' }),
    );
    expect(again.stderr).toBe('');
    const s = await getStream('web');
    expect(tagsOf(s)).toEqual({ a: 'nginx:1.25', b: 'nginx:1.27' });
    expect(s.metadata.managedFields?.map((m) => m.manager).sort()).toEqual(['team-a', 'team-b']);
  });

  it('re-applying the same manifest is a no-op: the resourceVersion stays', async () => {
    const before = await getStream('web');
    const r = await kubectl(
      ['apply', '--server-side', '--field-manager', 'team-a', '-f', '-'],
      stream('web', { a: 'nginx:1.25' }),
    );
    expect(r.stderr).toBe('');
    const after = await getStream('web');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it("answers 409 naming the field and its manager when changing another manager's tag", async () => {
    const r = await kubectl(
      ['apply', '--server-side', '--field-manager', 'team-b', '-f', '-'],
      stream('web', { a: 'nginx:9', b: 'nginx:1.27' }),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'Apply failed with 1 conflict: conflict with "team-a": .spec.tags[name="a"].from.name',
    );
    expect(tagsOf(await getStream('web'))).toEqual({ a: 'nginx:1.25', b: 'nginx:1.27' });
  });

  it('takes the field with --force-conflicts', async () => {
    const r = await kubectl(
      ['apply', '--server-side', '--force-conflicts', '--field-manager', 'team-b', '-f', '-'],
      stream('web', { a: 'nginx:9', b: 'nginx:1.27' }),
    );
    expect(r.stderr).toBe('');
    const s = await getStream('web');
    expect(tagsOf(s)).toEqual({ a: 'nginx:9', b: 'nginx:1.27' });
    const teamA = s.metadata.managedFields?.find((m) => m.manager === 'team-a');
    expect(JSON.stringify(teamA?.fieldsV1)).not.toContain('"f:name":{}},"f:name"'); // from.name left team-a
    expect(teamA?.fieldsV1).toEqual({
      'f:spec': { 'f:tags': { 'k:{"name":"a"}': { '.': {}, 'f:from': { 'f:kind': {} }, 'f:name': {} } } },
    });
  });

  it('removes a tag dropped from the manifest only when no other manager owns it', async () => {
    // team-a applies the value team-b forced: no conflict, both own tag a now
    let r = await kubectl(
      ['apply', '--server-side', '--field-manager', 'team-a', '-f', '-'],
      stream('web', { a: 'nginx:9' }),
    );
    expect(r.stderr).toBe('');
    // team-b stops applying tag a: team-a still owns all of it, so it stays
    r = await kubectl(
      ['apply', '--server-side', '--field-manager', 'team-b', '-f', '-'],
      stream('web', { b: 'nginx:1.27' }),
    );
    expect(r.stderr).toBe('');
    expect(Object.keys(tagsOf(await getStream('web'))).sort()).toEqual(['a', 'b']);
    // team-b drops tag b, which only it owned: gone
    r = await kubectl(
      ['apply', '--server-side', '--field-manager', 'team-b', '-f', '-'],
      stream('web', { c: 'nginx:1.28' }),
    );
    expect(r.stderr).toBe('');
    expect(Object.keys(tagsOf(await getStream('web'))).sort()).toEqual(['a', 'c']);
  });

  it('honours --dry-run=server', async () => {
    const before = await getStream('web');
    const r = await kubectl(
      ['apply', '--server-side', '--dry-run=server', '--field-manager', 'team-b', '-f', '-', '-o', 'yaml'],
      stream('web', { c: 'nginx:1.28', d: 'nginx:2' }),
    );
    expect(r.stderr).toBe('');
    expect(tagsOf(parse(r.stdout) as Stream)).toMatchObject({ d: 'nginx:2' });
    const after = await getStream('web');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(tagsOf(after)).not.toHaveProperty('d');
    const created = await kubectl(
      ['apply', '--server-side', '--dry-run=server', '-f', '-'],
      stream('ghost', { x: 'busybox' }),
    );
    expect(created.stderr).toBe('');
    expect((await kubectl(['get', 'is', 'ghost'])).stderr).toContain('not found');
  });

  it('records client-side apply and edits as Update managers, and conflicts with them', async () => {
    let r = await kubectl(['apply', '-f', '-'], stream('csa', { one: 'redis:7' }));
    expect(r.stderr).toBe('');
    r = await kubectl(['label', 'is', 'csa', 'tier=cache']);
    expect(r.stderr).toBe('');
    const s = await getStream('csa');
    const managers = s.metadata.managedFields?.map((m) => `${m.manager}/${m.operation}`).sort();
    expect(managers).toEqual(['kubectl-client-side-apply/Update', 'kubectl-label/Update']);
    r = await kubectl(['apply', '--server-side', '-f', '-'], stream('csa', { one: 'redis:8' }));
    expect(r.stderr).toContain(
      'conflict with "kubectl-client-side-apply" using image.openshift.io/v1: .spec.tags[name="one"].from.name',
    );
  });

  it('answers apply on a virtual kind with 415 and a clear message', async () => {
    const r = await kubectl(
      ['apply', '--server-side', '-f', '-'],
      'apiVersion: image.openshift.io/v1\nkind: ImageStreamTag\nmetadata:\n  name: web:a\ntag:\n  from:\n    kind: DockerImage\n    name: nginx:1\n',
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('server-side apply is not supported on this resource');
  });
});
