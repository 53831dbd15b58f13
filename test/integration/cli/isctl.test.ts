import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildProject, runCli, startTestServer, type CliResult, type TestServer } from './cli-harness.js';

let t: TestServer;
let kubeconfig: string;
let work: string;

const manifest = (lookupLocal: boolean) => `
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: ruby
  labels: {app: ruby}
spec:
  lookupPolicy: {local: ${lookupLocal}}
  tags:
  - name: "3.3"
    reference: true
    from: {kind: DockerImage, name: "127.0.0.1:1/ruby:3.3"}
  - name: latest
    from: {kind: ImageStreamTag, name: "3.3"}
---
apiVersion: v1
kind: ImageStream
metadata:
  name: nginx
spec:
  tags:
  - name: stable
    reference: true
    from: {kind: DockerImage, name: "127.0.0.1:1/nginx:1.27"}
`;

/** Runs isctl with the kubeconfig `isctl kubeconfig` wrote, as a user would after `export KUBECONFIG=…`. */
const isctl = (args: string[], input?: string): Promise<CliResult> =>
  runCli(args, { env: { KUBECONFIG: kubeconfig, HOME: work }, ...(input === undefined ? {} : { input }) });

function ok(r: CliResult): string {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  await buildProject();
  t = await startTestServer();
  work = mkdtempSync(path.join(t.tmp, 'work-'));
});

afterAll(async () => {
  await t?.stop();
});

describe('isctl against the real server', () => {
  it('kubeconfig writes a kubeconfig for the server and prints only its absolute path', async () => {
    const r = await runCli(['kubeconfig', '--server', t.server.url, '--data-dir', path.join(t.tmp, 'kc')]);
    kubeconfig = ok(r).trim();
    expect(path.isAbsolute(kubeconfig)).toBe(true);
    expect(kubeconfig).toBe(path.join(t.tmp, 'kc', 'kubeconfig'));
    expect(r.stdout).toBe(`${kubeconfig}\n`);
    const cfg = parse(readFileSync(kubeconfig, 'utf8'));
    expect(cfg['current-context']).toBe('imagestreams');
    expect(cfg.clusters[0].cluster.server).toBe(t.server.url);
    expect(statSync(kubeconfig).mode & 0o077).toBe(0);
  });

  it('apply creates, then reports unchanged, then configured for a changed object', async () => {
    const file = path.join(work, 'streams.yaml');
    writeFileSync(file, manifest(false));
    expect(ok(await isctl(['apply', '-f', file]))).toBe(
      'imagestream.image.openshift.io/ruby created\nimagestream.image.openshift.io/nginx created\n',
    );
    expect(ok(await isctl(['apply', '-f', file]))).toBe(
      'imagestream.image.openshift.io/ruby unchanged\nimagestream.image.openshift.io/nginx unchanged\n',
    );
    writeFileSync(file, manifest(true));
    expect(ok(await isctl(['apply', '-f', file]))).toBe(
      'imagestream.image.openshift.io/ruby configured\nimagestream.image.openshift.io/nginx unchanged\n',
    );
    const lookup = ok(await isctl(['get', 'is', 'ruby', '-o', 'jsonpath={.spec.lookupPolicy.local}']));
    expect(lookup).toBe('true');
  });

  it('apply reads stdin', async () => {
    const doc = 'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: from-stdin}\n';
    expect(ok(await isctl(['apply', '-f', '-'], doc))).toBe(
      'imagestream.image.openshift.io/from-stdin created\n',
    );
  });

  it('get prints the oc table: NAME, IMAGE REPOSITORY, TAGS, UPDATED', async () => {
    const out = ok(await isctl(['get', 'is']));
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+IMAGE REPOSITORY\s+TAGS\s+UPDATED$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['from-stdin', 'nginx', 'ruby']);
  });

  it('get -A adds the NAMESPACE column', async () => {
    const out = ok(await isctl(['get', 'imagestreams', '-A']));
    expect(out.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+IMAGE REPOSITORY/);
    expect(out).toMatch(/^default\s+ruby\s/m);
  });

  it('get -o yaml prints the object as stored', async () => {
    const obj = parse(ok(await isctl(['get', 'is', 'ruby', '-o', 'yaml'])));
    expect(obj.kind).toBe('ImageStream');
    expect(obj.apiVersion).toBe('image.openshift.io/v1');
    expect(obj.metadata.name).toBe('ruby');
    expect(obj.metadata.labels).toEqual({ app: 'ruby' });
    expect(obj.spec.tags.map((x: { name: string }) => x.name)).toEqual(['3.3', 'latest']);
  });

  it('get -o yaml hides managedFields as kubectl does; --show-managed-fields keeps them', async () => {
    const hidden = parse(ok(await isctl(['get', 'is', 'ruby', '-o', 'yaml'])));
    expect(hidden.metadata.managedFields).toBeUndefined();
    const shown = parse(ok(await isctl(['get', 'is', 'ruby', '-o', 'yaml', '--show-managed-fields'])));
    expect(shown.metadata.managedFields[0]).toMatchObject({ operation: 'Update', fieldsType: 'FieldsV1' });
  });

  it('get of a list with -o json prints a List', async () => {
    const list = JSON.parse(ok(await isctl(['get', 'is', '-o', 'json'])));
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(3);
  });

  it('get -o name and -o jsonpath', async () => {
    expect(ok(await isctl(['get', 'is/ruby', 'is/nginx', '-o', 'name']))).toBe(
      'imagestream.image.openshift.io/ruby\nimagestream.image.openshift.io/nginx\n',
    );
    expect(ok(await isctl(['get', 'is', '-o', 'jsonpath={.items[*].metadata.name}']))).toBe(
      'from-stdin nginx ruby',
    );
  });

  it('describe is prints the oc describe layout', async () => {
    const out = ok(await isctl(['describe', 'is', 'ruby']));
    expect(out).toMatch(
      /^Name:\t\t\truby\nNamespace:\t\tdefault\nCreated:\t\t.+ ago\nLabels:\t\t\tapp=ruby\n/,
    );
    expect(out).toContain('Image Lookup:\t\tlocal=true\n');
    expect(out).toContain('Tags:\t\t\t2\n');
    // latest follows 3.3, so it is shown as its alias
    expect(out).toContain('3.3 (latest)\n  reference to registry 127.0.0.1:1/ruby:3.3\n');
  });

  it('a missing stream fails with the server’s Status, worded as kubectl does', async () => {
    const r = await isctl(['get', 'is', 'missing']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'Error from server (NotFound): imagestreams.image.openshift.io "missing" not found\n',
    );
    const d = await isctl(['describe', 'is', 'missing']);
    expect(d.code).toBe(1);
    expect(d.stderr).toBe(
      'Error from server (NotFound): imagestreams.image.openshift.io "missing" not found\n',
    );
  });

  it('flags win over the kubeconfig: -n and --server', async () => {
    const file = path.join(work, 'other.yaml');
    writeFileSync(
      file,
      'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: elsewhere}\n',
    );
    expect(ok(await isctl(['apply', '-f', file, '-n', 'team-b']))).toBe(
      'imagestream.image.openshift.io/elsewhere created\n',
    );
    expect(ok(await isctl(['get', 'is', '-n', 'team-b', '-o', 'name']))).toBe(
      'imagestream.image.openshift.io/elsewhere\n',
    );
    // a kubeconfig pointing nowhere, overridden by --server
    const dead = path.join(work, 'dead-kubeconfig');
    writeFileSync(
      dead,
      'apiVersion: v1\nkind: Config\ncurrent-context: c\nclusters: [{name: c, cluster: {server: "http://127.0.0.1:1"}}]\ncontexts: [{name: c, context: {cluster: c}}]\n',
    );
    const refused = await runCli(['get', 'is'], { env: { KUBECONFIG: dead, HOME: work } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n',
    );
    const viaFlag = await runCli(['get', 'is', 'ruby', '-o', 'name', '--server', t.server.url], {
      env: { KUBECONFIG: dead, HOME: work },
    });
    expect(ok(viaFlag)).toBe('imagestream.image.openshift.io/ruby\n');
  });

  it('delete prints kubectl’s message, and the stream is gone', async () => {
    expect(ok(await isctl(['delete', 'is', 'nginx', 'from-stdin']))).toBe(
      'imagestream.image.openshift.io "nginx" deleted\nimagestream.image.openshift.io "from-stdin" deleted\n',
    );
    const again = await isctl(['delete', 'is', 'nginx']);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      'Error from server (NotFound): imagestreams.image.openshift.io "nginx" not found\n',
    );
    expect(ok(await isctl(['get', 'is', '-o', 'name']))).toBe('imagestream.image.openshift.io/ruby\n');
  });

  it('delete -f removes what a manifest names', async () => {
    const file = path.join(work, 'streams.yaml');
    const r = await isctl(['delete', '-f', file, '--ignore-not-found']);
    expect(ok(r)).toBe('imagestream.image.openshift.io "ruby" deleted\n');
  });
});
