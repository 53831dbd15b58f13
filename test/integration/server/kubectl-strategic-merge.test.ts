/**
 * The real kubectl against the real server, with strategic merge patch: `kind: List` and
 * `kind: ImageStreamList` files (validated by kubectl through /openapi/v2 protobuf), re-apply
 * reporting `unchanged`, `kubectl patch` of one tag keeping the others, a tag added by
 * `isctl tag` surviving the re-apply of the unchanged manifest, `kubectl diff` after create.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProject, runCli } from '../cli/cli-harness.js';
import { runKubectl, startTestApiServer, type TestApiServer } from '../../support/api-server.js';

/** tags in name order: the server answers them sorted (they are a map in OpenShift), as kubectl compares */
const stream = (name: string, tags: string[]) => `
- apiVersion: image.openshift.io/v1
  kind: ImageStream
  metadata:
    name: ${name}
    labels: {app: smp}
  spec:
    tags:${tags
      .map(
        (t) => `
    - name: "${t}"
      from: {kind: DockerImage, name: "registry.example.com/${name}:${t}"}
      referencePolicy: {type: Source}`,
      )
      .join('')}`;

const list = (kind: 'List' | 'ImageStreamList', ruby: string[]) =>
  `apiVersion: ${kind === 'List' ? 'v1' : 'image.openshift.io/v1'}\nkind: ${kind}\nitems:` +
  stream('ruby', ruby) +
  stream('nginx', ['1.25', '1.27']) +
  '\n';

const RUBY_TAGS = ['3.1', '3.2', '3.3', 'latest'];

interface Tag {
  name: string;
  from?: { kind: string; name: string };
  annotations?: Record<string, string>;
}

let api: TestApiServer;
let work: string;
const kubectl = (...args: string[]) => runKubectl(api.kubeconfig, args);

function ok(r: { code: number; stdout: string; stderr: string }): string {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

function file(name: string, content: string): string {
  const p = path.join(work, name);
  writeFileSync(p, content);
  return p;
}

async function tags(name: string): Promise<Tag[]> {
  const out = ok(await kubectl('get', 'is', name, '-o', 'json'));
  return (JSON.parse(out) as { spec: { tags: Tag[] } }).spec.tags;
}

beforeAll(async () => {
  await buildProject();
  api = await startTestApiServer();
  work = mkdtempSync(path.join(api.dataDir, 'work-'));
}, 180_000);
afterAll(async () => {
  await api?.close();
});

describe('kubectl with strategic merge patch', () => {
  it('applies a multi-stream kind: List file, and reports unchanged the second time', async () => {
    const f = file('list.yaml', list('List', RUBY_TAGS));
    expect(ok(await kubectl('apply', '-f', f))).toBe(
      'imagestream.image.openshift.io/ruby created\nimagestream.image.openshift.io/nginx created\n',
    );
    expect(ok(await kubectl('apply', '-f', f))).toBe(
      'imagestream.image.openshift.io/ruby unchanged\nimagestream.image.openshift.io/nginx unchanged\n',
    );
  });

  it('applies a kind: ImageStreamList file (unchanged: same streams)', async () => {
    const f = file('islist.yaml', list('ImageStreamList', RUBY_TAGS));
    expect(ok(await kubectl('apply', '-f', f))).toBe(
      'imagestream.image.openshift.io/ruby unchanged\nimagestream.image.openshift.io/nginx unchanged\n',
    );
  });

  it('still validates list items on the client (unknown field)', async () => {
    const f = file(
      'bad.yaml',
      list('List', RUBY_TAGS).replace('labels: {app: smp}', 'labels: {app: smp}\n    bogus: 1'),
    );
    const r = await kubectl('apply', '-f', f);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown field "bogus"');
  });

  it('kubectl patch of one tag merges into that tag and keeps the others', async () => {
    ok(
      await kubectl(
        'patch',
        'is',
        'ruby',
        '-p',
        '{"spec":{"tags":[{"name":"latest","annotations":{"a":"b"}}]}}',
      ),
    );
    const after = await tags('ruby');
    expect(after.map((t) => t.name)).toEqual(RUBY_TAGS);
    const latest = after.find((t) => t.name === 'latest');
    expect(latest?.annotations).toEqual({ a: 'b' });
    expect(latest?.from).toEqual({ kind: 'DockerImage', name: 'registry.example.com/ruby:latest' });
  });

  it('keeps a tag added with isctl tag when the unchanged manifest is applied again', async () => {
    const tagged = await runCli([
      'tag',
      'ruby:3.3',
      'ruby:extra',
      '--alias',
      '--server',
      api.url,
      '-n',
      'default',
    ]);
    expect(tagged.stderr).toBe('');
    expect(tagged.code).toBe(0);
    const f = file('list.yaml', list('List', RUBY_TAGS));
    // the live list now has an item the manifest lacks, so kubectl sends a `$setElementOrder`
    // (and says configured), as against kube-apiserver; the order keeps the extra tag
    expect(ok(await kubectl('apply', '-f', f))).toBe(
      'imagestream.image.openshift.io/ruby configured\nimagestream.image.openshift.io/nginx unchanged\n',
    );
    const after = await tags('ruby');
    expect(after.map((t) => t.name)).toEqual([...RUBY_TAGS.slice(0, 3), 'extra', 'latest']);
    expect(after.find((t) => t.name === 'extra')?.from).toEqual({ kind: 'ImageStreamTag', name: 'ruby:3.3' });
    expect(after.find((t) => t.name === 'latest')?.annotations).toEqual({ a: 'b' });
  });

  it("deletes only the tag removed from the manifest, keeping other writers' tags", async () => {
    const f = file('list.yaml', list('List', ['3.2', '3.3', 'latest']));
    expect(ok(await kubectl('apply', '-f', f))).toBe(
      'imagestream.image.openshift.io/ruby configured\nimagestream.image.openshift.io/nginx unchanged\n',
    );
    expect((await tags('ruby')).map((t) => t.name)).toEqual(['3.2', '3.3', 'extra', 'latest']);
  });

  it('kubectl diff right after kubectl create shows no change', async () => {
    const f = file('x.yaml', list('List', ['1']).replace(/ruby/g, 'diffed').replace(/nginx/g, 'diffed2'));
    ok(await kubectl('create', '-f', f));
    const r = await kubectl('diff', '-f', f);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });
});
