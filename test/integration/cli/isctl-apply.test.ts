/**
 * `isctl apply` against the built server, as `kubectl apply`: a three-way strategic merge patch
 * that keeps tags other writers added (`isctl tag`), deletes only tags removed from the manifest,
 * reports unchanged for an unchanged manifest, and takes turns with the real kubectl on one object
 * through the shared last-applied annotation. And `--server-side`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runKubectl, startTestApiServer, type TestApiServer } from '../../support/api-server.js';
import { buildProject, runCli } from './cli-harness.js';

/** tags in name order: the server answers them sorted, as kubectl compares */
const stream = (name: string, tags: string[], labels = '{app: demo}') => `---
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: ${name}
  labels: ${labels}
spec:
  tags:${tags
    .map(
      (t) => `
  - name: "${t}"
    from: {kind: DockerImage, name: "registry.example.com/${name}:${t}"}
    referencePolicy: {type: Source}`,
    )
    .join('')}
`;

const streams = (ruby: string[], labels?: string) =>
  stream('ruby', ruby, labels) + stream('nginx', ['1.25', '1.27']);

const both = (ruby: string, nginx: string) =>
  `imagestream.image.openshift.io/ruby ${ruby}\nimagestream.image.openshift.io/nginx ${nginx}\n`;

let api: TestApiServer;
let file: string;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function ok(r: Result): string {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

const isctl = (...args: string[]) => runCli(args, { env: { KUBECONFIG: api.kubeconfig } });
const kubectl = (...args: string[]) => runKubectl(api.kubeconfig, args);

function write(content: string): string {
  writeFileSync(file, content);
  return file;
}

async function rubyTags(): Promise<string[]> {
  const out = ok(await isctl('get', 'is', 'ruby', '-o', 'json'));
  return (JSON.parse(out) as { spec: { tags: { name: string }[] } }).spec.tags.map((t) => t.name);
}

beforeAll(async () => {
  await buildProject();
  api = await startTestApiServer();
  file = path.join(mkdtempSync(path.join(api.dataDir, 'work-')), 'streams.yaml');
}, 180_000);
afterAll(async () => {
  await api?.close();
});

describe('isctl apply (client-side, three-way strategic merge patch)', () => {
  it('keeps a tag added with isctl tag when the unchanged file is applied again', async () => {
    const f = write(streams(['3.1', '3.2', '3.3', 'latest']));
    expect(ok(await isctl('apply', '-f', f))).toBe(both('created', 'created'));
    ok(await isctl('tag', 'ruby:3.3', 'ruby:extra', '--alias'));
    expect(ok(await isctl('apply', '-f', f))).toBe(both('unchanged', 'unchanged'));
    expect(await rubyTags()).toEqual(['3.1', '3.2', '3.3', 'extra', 'latest']);
  });

  it('deletes a tag removed from the manifest and keeps the isctl tag one', async () => {
    const f = write(streams(['3.2', '3.3', 'latest']));
    expect(ok(await isctl('apply', '-f', f))).toBe(both('configured', 'unchanged'));
    expect(await rubyTags()).toEqual(['3.2', '3.3', 'extra', 'latest']);
    expect(ok(await isctl('apply', '-f', f))).toBe(both('unchanged', 'unchanged'));
  });

  it('takes turns with kubectl apply on one object without losing fields', async () => {
    // kubectl reads isctl's last-applied: it deletes 3.2 (applied by isctl, now gone) and keeps extra
    let f = write(streams(['3.3', 'latest'], '{app: demo, by: kubectl}'));
    expect(ok(await kubectl('apply', '-f', f))).toContain('imagestream.image.openshift.io/nginx unchanged');
    expect(await rubyTags()).toEqual(['3.3', 'extra', 'latest']);
    // isctl reads kubectl's: the same file is unchanged; dropping the label kubectl applied removes it
    expect(ok(await isctl('apply', '-f', f))).toBe(both('unchanged', 'unchanged'));
    f = write(streams(['3.3', '4.0', 'latest']));
    expect(ok(await isctl('apply', '-f', f))).toBe(both('configured', 'unchanged'));
    const labels = ok(await isctl('get', 'is', 'ruby', '-o', 'jsonpath={.metadata.labels}'));
    expect(JSON.parse(labels)).toEqual({ app: 'demo' });
    expect(await rubyTags()).toEqual(['3.3', '4.0', 'extra', 'latest']);
    // and kubectl again: nothing of the manifest changed, so no tag moves
    ok(await kubectl('apply', '-f', f));
    expect(await rubyTags()).toEqual(['3.3', '4.0', 'extra', 'latest']);
    expect(ok(await isctl('apply', '-f', f))).toBe(both('unchanged', 'unchanged'));
  });
});

describe('isctl apply --server-side', () => {
  it('applies as a field manager, keeps other managers’ tags, and reports conflicts unless forced', async () => {
    const doc = (tag: string, image: string) =>
      `apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata: {name: ssa}\nspec:\n  tags:\n  - name: "${tag}"\n    from: {kind: DockerImage, name: "${image}"}\n`;
    const f = write(doc('a', 'r/a:1'));
    expect(ok(await isctl('apply', '--server-side', '-f', f))).toBe(
      'imagestream.image.openshift.io/ssa serverside-applied\n',
    );
    const other = write(doc('b', 'r/b:1'));
    ok(await isctl('apply', '--server-side', '--field-manager', 'team-b', '-f', other));
    const out = JSON.parse(ok(await isctl('get', 'is', 'ssa', '-o', 'json'))) as {
      spec: { tags: { name: string; from: { name: string } }[] };
    };
    expect(out.spec.tags.map((t) => t.name)).toEqual(['a', 'b']);
    const clash = write(doc('a', 'r/a:2'));
    const r = await isctl('apply', '--server-side', '--field-manager', 'team-b', '-f', clash);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/conflict/i);
    ok(await isctl('apply', '--server-side', '--field-manager', 'team-b', '--force-conflicts', '-f', clash));
    const out2 = JSON.parse(ok(await isctl('get', 'is', 'ssa', '-o', 'json'))) as typeof out;
    // forced: team-b now owns tag a; its tag b, no longer in team-b's manifest, is removed
    expect(out2.spec.tags.map((t) => [t.name, t.from.name])).toEqual([['a', 'r/a:2']]);
    const misuse = await isctl('apply', '--force-conflicts', '-f', clash);
    expect(misuse.code).not.toBe(0);
    expect(misuse.stderr).toMatch(/--force-conflicts only works with --server-side/);
  });
});
