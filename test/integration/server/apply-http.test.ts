/**
 * Server-side apply at the wire level: YAML and JSON bodies, the 400s and 422s of bad requests
 * (worded as kube-apiserver's), the 409 Status with one FieldManagerConflict cause per field,
 * 201 on create, the status subresource, and managedFields kept through list and watch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS } from '../../../src/store/resource-types.js';
import { startTestApiServer, type TestApiServer } from '../../support/api-server.js';

const G = '/apis/image.openshift.io/v1';
const NS = `${G}/namespaces/wire`;
let api: TestApiServer;

interface Reply {
  status: number;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function call(
  method: string,
  path: string,
  body: string,
  contentType: string,
  userAgent?: string,
): Promise<Reply> {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'content-type': contentType, ...(userAgent ? { 'user-agent': userAgent } : {}) },
    body,
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
}

const APPLY = 'application/apply-patch+yaml';
const apply = (name: string, body: string, query = 'fieldManager=ci') =>
  call('PATCH', `${NS}/imagestreams/${name}?${query}`, body, APPLY);

const YAML_STREAM = (name: string, tag: string, image: string) => `
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: ${name}
  labels: {owner: ci}
spec:
  tags:
  - name: "${tag}"
    from: {kind: DockerImage, name: "${image}"}
`;

beforeAll(async () => {
  api = await startTestApiServer();
});
afterAll(async () => {
  await api?.close();
});

describe('server-side apply over HTTP', () => {
  it('creates with 201 from YAML and answers 200 to a JSON body', async () => {
    const created = await apply('s1', YAML_STREAM('s1', 'v1', 'busybox:1'));
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields[0]).toMatchObject({ manager: 'ci', operation: 'Apply' });
    const json = JSON.stringify({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 's1' },
      spec: { tags: [{ name: 'v2', from: { kind: 'DockerImage', name: 'busybox:2' } }] },
    });
    const updated = await apply('s1', json, 'fieldManager=other');
    expect(updated.status).toBe(200);
    expect(updated.body.spec.tags.map((t: { name: string }) => t.name)).toEqual(['v1', 'v2']);
  });

  it('requires fieldManager with a 422 on PatchOptions', async () => {
    const r = await apply('s1', YAML_STREAM('s1', 'v1', 'busybox:1'), '');
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      reason: 'Invalid',
      message:
        'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: {
        kind: 'PatchOptions',
        group: 'meta.k8s.io',
        causes: [{ field: 'fieldManager', reason: 'FieldValueRequired' }],
      },
    });
    const tooLong = await apply(
      's1',
      YAML_STREAM('s1', 'v1', 'busybox:1'),
      `fieldManager=${'m'.repeat(129)}`,
    );
    expect(tooLong.status).toBe(422);
  });

  it('forbids force on a non-apply patch (422)', async () => {
    const r = await call('PATCH', `${NS}/imagestreams/s1?force=true`, '{}', 'application/merge-patch+json');
    expect(r.status).toBe(422);
    expect(r.body.message).toContain('force: Forbidden: may not be specified for non-apply patch');
  });

  it('answers 400 to bad YAML, a wrong apiVersion and managedFields in the body', async () => {
    expect((await apply('s1', 'spec: [unclosed')).body).toMatchObject({ code: 400, reason: 'BadRequest' });
    const version = await apply('s1', YAML_STREAM('s1', 'v1', 'x').replace('image.openshift.io/v1', 'v1'));
    expect(version.body.message).toBe(
      'Incorrect version specified in apply patch. Specified patch version: v1, expected: image.openshift.io/v1',
    );
    const managed = await apply(
      's1',
      `${YAML_STREAM('s1', 'v1', 'x')}\n`.replace('  labels:', '  managedFields: []\n  labels:'),
    );
    expect(managed.body).toMatchObject({ code: 400, message: 'metadata.managedFields must be nil' });
    const keyless = await apply(
      's1',
      'apiVersion: image.openshift.io/v1\nkind: ImageStream\nspec:\n  tags:\n  - from: {kind: DockerImage, name: x}\n',
    );
    expect(keyless.status).toBe(400);
    expect(keyless.body.message).toContain(
      'associative list with keys has an element that omits key field "name"',
    );
  });

  it('answers a conflict with 409 and a FieldManagerConflict cause per field', async () => {
    const r = await apply(
      's1',
      YAML_STREAM('s1', 'v1', 'busybox:9').replace('{owner: ci}', '{owner: me}'),
      'fieldManager=intruder',
    );
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      message:
        'Apply failed with 2 conflicts: conflicts with "ci":\n- .metadata.labels.owner\n- .spec.tags[name="v1"].from.name',
      details: {
        causes: [
          { reason: 'FieldManagerConflict', message: 'conflict with "ci"', field: '.metadata.labels.owner' },
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "ci"',
            field: '.spec.tags[name="v1"].from.name',
          },
        ],
      },
    });
  });

  it('records a write without fieldManager under the program of its User-Agent', async () => {
    const r = await call(
      'PATCH',
      `${NS}/imagestreams/s1`,
      '{"metadata":{"annotations":{"a":"b"}}}',
      'application/merge-patch+json',
      'my-controller/1.2 (linux)',
    );
    expect(r.status).toBe(200);
    const entry = r.body.metadata.managedFields.find(
      (m: { manager: string }) => m.manager === 'my-controller',
    );
    expect(entry).toMatchObject({
      operation: 'Update',
      fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {}, 'f:a': {} } } },
    });
  });

  it('applies the status subresource as its own manager, ignoring status on the main resource', async () => {
    const main = await apply(
      's1',
      `${YAML_STREAM('s1', 'v1', 'busybox:1')}status:\n  dockerImageRepository: nope\n`,
    );
    expect(main.status).toBe(200);
    expect(JSON.stringify(main.body.metadata.managedFields)).not.toContain('f:status');
    const status = await call(
      'PATCH',
      `${NS}/imagestreams/s1/status?fieldManager=ci-status`,
      'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: s1}\nstatus:\n  publicDockerImageRepository: public.example/wire/s1\n',
      APPLY,
    );
    expect(status.status).toBe(200);
    expect(status.body.metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: 'ci-status', operation: 'Apply', subresource: 'status' }),
    );
  });

  it('keeps managedFields in watch events', async () => {
    const abort = new AbortController();
    const res = await fetch(`${api.url}${NS}/imagestreams?watch=true`, { signal: abort.signal });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n')) text += new TextDecoder().decode((await reader.read()).value);
    abort.abort();
    const event = JSON.parse(text.split('\n')[0]!) as {
      type: string;
      object: { metadata: { managedFields?: unknown[] } };
    };
    expect(event.type).toBe('ADDED');
    expect(event.object.metadata.managedFields?.length).toBeGreaterThan(0);
  });

  it('never tells a write-only Secret value: a guess conflicts whether right or wrong', async () => {
    const b64 = (v: string) => Buffer.from(v).toString('base64');
    const secret = (value: string) =>
      `apiVersion: v1\nkind: Secret\nmetadata: {name: pull}\ndata:\n  token: ${b64(value)}\n`;
    const path = '/api/v1/namespaces/wire/secrets/pull';
    const created = await call('PATCH', `${path}?fieldManager=owner`, secret('s3cret'), APPLY);
    expect(created.status).toBe(201);
    expect(created.body.data.token).not.toBe(b64('s3cret'));
    const right = await call('PATCH', `${path}?fieldManager=probe`, secret('s3cret'), APPLY);
    const wrong = await call('PATCH', `${path}?fieldManager=probe`, secret('guess'), APPLY);
    expect([right.status, wrong.status]).toEqual([409, 409]);
    expect(right.body.message).toBe(wrong.body.message);
    const again = await call('PATCH', `${path}?fieldManager=owner`, secret('s3cret'), APPLY);
    expect(again.status).toBe(200);
    const stored = await api.server.store.get(SECRETS, 'wire', 'pull');
    expect((stored?.data as Record<string, string>).token).toBe(b64('s3cret'));
  });

  it('keeps managedFields in lists', async () => {
    const res = await fetch(`${api.url}${NS}/imagestreams`);
    const list = (await res.json()) as { items: { metadata: { managedFields?: unknown[] } }[] };
    expect(list.items[0]?.metadata.managedFields?.length).toBeGreaterThan(0);
  });

  it('lets an update clear managedFields with [{}] and rejects malformed ones (400)', async () => {
    const live = (await apply('s9', YAML_STREAM('s9', 'v1', 'busybox:1'))).body;
    const bad = { ...live, metadata: { ...live.metadata, managedFields: [{ operation: 'Sideways' }] } };
    const rejected = await call('PUT', `${NS}/imagestreams/s9`, JSON.stringify(bad), 'application/json');
    expect(rejected.status).toBe(400);
    expect(rejected.body.message).toContain('metadata.managedFields[0].operation');
    const cleared = { ...live, metadata: { ...live.metadata, managedFields: [{}] } };
    const r = await call(
      'PUT',
      `${NS}/imagestreams/s9?fieldManager=reset`,
      JSON.stringify(cleared),
      'application/json',
    );
    expect(r.status).toBe(200);
    expect(r.body.metadata.managedFields).toBeUndefined();
  });
});
