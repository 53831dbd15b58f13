/** Bearer tokens from a token file: 401 without or with an unknown token, 403 without a grant, as kubectl shows them. */
import { writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, fetch } from 'undici';
import { runKubectl, startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { makeSelfSignedCert } from '../../support/registry/tls.js';

const STREAM =
  'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: v1\n    from: {kind: DockerImage, name: quay.io/example/app:v1}\n';

let api: TestApiServer;
let dir: string;
let agent: Agent;
const kc: Record<string, string> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'imagestreams-auth-'));
  const tokenFile = join(dir, 'tokens.csv');
  await writeFile(
    tokenFile,
    [
      'admin-token,admin,1,imagestreams:admin',
      'reader-token,rita,2,"imagestreams:read:default"',
      'writer-token,walt,3,"imagestreams:write:default,imagestreams:read:other"',
    ].join('\n'),
  );
  // kubectl sends bearer tokens only over TLS
  const cert = makeSelfSignedCert(dir, 'apiserver', 'localhost');
  agent = new Agent({ connect: { ca: cert.certPem } });
  api = await startTestApiServer({
    tokenAuthFile: tokenFile,
    tlsCertFile: cert.certPath,
    tlsKeyFile: cert.keyPath,
  });
  for (const [name, token] of [
    ['admin', 'admin-token'],
    ['reader', 'reader-token'],
    ['writer', 'writer-token'],
    ['unknown', 'nope'],
  ] as const) {
    kc[name] = await api.kubeconfigFor(token, name);
  }
});
afterAll(async () => {
  await api?.close();
  await agent?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('token authentication and grants', () => {
  it('refuses a request without a token when a token file is configured (401)', async () => {
    const r = await runKubectl(api.kubeconfig, ['get', 'is']);
    expect(r.code).not.toBe(0);
    // without credentials kubectl answers a 401 by prompting for a password: stdin is empty, hence EOF
    expect(r.stderr).toMatch(/Unauthorized|must be logged in|EOF/);
    const res = await fetch(`${api.url}/apis/image.openshift.io/v1/namespaces/default/imagestreams`, {
      dispatcher: agent,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ kind: 'Status', code: 401, reason: 'Unauthorized' });
  });

  it('refuses an unknown token (401) without echoing it', async () => {
    const r = await runKubectl(kc.unknown!, ['get', 'is']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Unauthorized|must be logged in/);
    expect(r.stderr).not.toContain('nope');
  });

  it('lets a writer create in its namespace, and a reader read it', async () => {
    const w = await runKubectl(kc.writer!, ['apply', '-f', '-'], { input: STREAM });
    expect(w.stderr).toBe('');
    expect(w.stdout).toContain('imagestream.image.openshift.io/app created');
    const r = await runKubectl(kc.reader!, ['get', 'is', 'app', '-o', 'name']);
    expect(r.stdout.trim()).toBe('imagestream.image.openshift.io/app');
  });

  it('forbids a reader to write, naming user, verb, resource and namespace (403)', async () => {
    const r = await runKubectl(kc.reader!, ['delete', 'is', 'app']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'Error from server (Forbidden): imagestreams.image.openshift.io "app" is forbidden: User "rita" cannot delete resource "imagestreams" in API group "image.openshift.io" in the namespace "default"',
    );
  });

  it('forbids reading another namespace and listing across namespaces without a * grant', async () => {
    const other = await runKubectl(kc.reader!, ['get', 'is', '-n', 'other']);
    expect(other.stderr).toContain(
      'cannot list resource "imagestreams" in API group "image.openshift.io" in the namespace "other"',
    );
    const all = await runKubectl(kc.writer!, ['get', 'is', '-A']);
    expect(all.stderr).toContain('at the cluster scope');
    const admin = await runKubectl(kc.admin!, ['get', 'is', '-A']);
    expect(admin.stdout).toMatch(/default\s+app/);
  });

  it('serves HTTPS with the given certificate', () => {
    expect(api.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('keeps health endpoints public', async () => {
    expect((await fetch(`${api.url}/readyz`, { dispatcher: agent })).status).toBe(200);
  });
});

describe('kubectl auth can-i and protobuf bodies', () => {
  it('answers can-i from the token grants: yes in the writable namespace, no elsewhere', async () => {
    const yes = await runKubectl(kc.writer!, ['auth', 'can-i', 'create', 'imagestreams']);
    expect([yes.code, yes.stdout.trim()]).toEqual([0, 'yes']);
    const no = await runKubectl(kc.writer!, ['auth', 'can-i', 'create', 'imagestreams', '-n', 'other']);
    expect([no.code, no.stdout.trim()]).toEqual([1, 'no']);
    const read = await runKubectl(kc.writer!, ['auth', 'can-i', 'list', 'imagestreamtags', '-n', 'other']);
    expect(read.stdout.trim()).toBe('yes');
    const reader = await runKubectl(kc.reader!, ['auth', 'can-i', 'delete', 'is/app']);
    expect([reader.code, reader.stdout.trim()]).toEqual([1, 'no']);
  });

  it('agrees with what the server then does', async () => {
    const can = await runKubectl(kc.reader!, ['auth', 'can-i', 'create', 'namespaces']);
    expect(can.stdout.trim()).toBe('no');
    const r = await runKubectl(kc.reader!, ['create', 'namespace', 'nope']);
    expect(r.stderr).toContain('cannot create resource "namespaces"');
  });

  it('lists what a token may do (--list)', async () => {
    const r = await runKubectl(kc.writer!, ['auth', 'can-i', '--list', '-n', 'other']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^imagestreams\.image\.openshift\.io\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
    expect(r.stdout).toMatch(/^namespaces\s+\[\]\s+\[other\]\s+\[get\]$/m);
    expect(r.stdout).not.toMatch(/create delete/);
    const own = await runKubectl(kc.writer!, ['auth', 'can-i', '--list']);
    expect(own.stdout).toMatch(
      /^imagestreams\.image\.openshift\.io\s+\[\]\s+\[\]\s+\[create delete deletecollection get list patch update watch\]$/m,
    );
    const admin = await runKubectl(kc.admin!, ['auth', 'can-i', '--list']);
    expect(admin.stdout).toMatch(/^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/m);
  });

  it('creates a secret from the protobuf body kubectl sends', async () => {
    const r = await runKubectl(kc.writer!, [
      'create',
      'secret',
      'generic',
      'creds',
      '--from-literal=user=walt',
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('secret/creds created');
    const get = await runKubectl(kc.writer!, ['get', 'secret', 'creds', '-o', 'jsonpath={.type} {.data}']);
    // the data keys are there (values are write-only on this server)
    expect(get.stdout).toMatch(/^Opaque .*user/);
  });

  it('creates a namespace from the protobuf body kubectl sends', async () => {
    const r = await runKubectl(kc.admin!, ['create', 'namespace', 'team-a']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('namespace/team-a created');
    const get = await runKubectl(kc.admin!, ['get', 'ns', 'team-a', '-o', 'jsonpath={.status.phase}']);
    expect(get.stdout).toBe('Active');
  });
});
