/**
 * The real kubectl against the real server: apply of OpenShift manifests, get (tables, -A, -o
 * yaml), istag, patch, re-apply, watch, explain, 409 and 422 as kubectl shows them, delete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  runKubectl,
  spawnKubectl,
  startTestApiServer,
  waitForOutput,
  type TestApiServer,
} from '../../support/api-server.js';

const MANIFEST = `
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: ruby
  annotations:
    openshift.io/display-name: Ruby
spec:
  lookupPolicy:
    local: false
  tags:
  - name: latest
    from:
      kind: ImageStreamTag
      name: "3.1"
    referencePolicy:
      type: Local
  - name: "3.1"
    annotations:
      description: Build and run Ruby 3.1 applications
      iconClass: icon-ruby
      tags: builder,ruby
      version: "3.1"
    from:
      kind: DockerImage
      name: registry.access.redhat.com/ubi8/ruby-31:latest
    importPolicy:
      scheduled: true
      importMode: Legacy
    referencePolicy:
      type: Local
---
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: nginx
  labels:
    app: web
spec:
  lookupPolicy:
    local: true
  tags:
  - name: "1.25"
    from:
      kind: DockerImage
      name: docker.io/library/nginx:1.25
    referencePolicy:
      type: Source
---
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: postgres
  namespace: team-b
spec:
  tags:
  - name: "16"
    from:
      kind: DockerImage
      name: docker.io/library/postgres:16
    importPolicy:
      importMode: PreserveOriginal
`;

const DIGEST = `sha256:${'a1'.repeat(32)}`;

let api: TestApiServer;
const kubectl = (args: string[], input?: string) =>
  runKubectl(api.kubeconfig, args, input === undefined ? {} : { input });

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  api = await startTestApiServer({ dockerImageRepositoryHost: 'registry.local:5000' });
});
afterAll(async () => {
  await api?.close();
});

describe('kubectl against the API server', () => {
  it('applies a multi-document OpenShift ImageStream manifest', async () => {
    const r = await kubectl(['apply', '-f', '-'], MANIFEST);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('imagestream.image.openshift.io/ruby created');
    expect(r.stdout).toContain('imagestream.image.openshift.io/nginx created');
    expect(r.stdout).toContain('imagestream.image.openshift.io/postgres created');
  });

  it('discovers the resources and their short names', async () => {
    const r = await kubectl(['api-resources', '--api-group', 'image.openshift.io']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/imagestreams\s+is\s+image.openshift.io\/v1\s+true\s+ImageStream/);
    expect(r.stdout).toMatch(/imagestreamtags\s+istag\s+/);
    expect(r.stdout).toMatch(/images\s+image.openshift.io\/v1\s+false\s+Image/);
  });

  it('lists image streams with the oc columns', async () => {
    const r = await kubectl(['get', 'is']);
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trim().split('\n');
    expect(header).toMatch(/^NAME\s+IMAGE REPOSITORY\s+TAGS\s+UPDATED$/);
    expect(rows.map((l) => l.split(/\s+/)[0])).toEqual(['nginx', 'ruby']);
    expect(r.stdout).toContain('registry.local:5000/default/ruby');
  });

  it('lists across namespaces with -A', async () => {
    const r = await kubectl(['get', 'imagestreams', '-A']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAMESPACE\s+NAME/);
    expect(r.stdout).toMatch(/team-b\s+postgres/);
  });

  it('shows a stream as YAML with sorted tags and server-set fields', async () => {
    const r = await kubectl(['get', 'is', 'ruby', '-o', 'yaml']);
    expect(r.code).toBe(0);
    const stream = parse(r.stdout);
    expect(stream.spec.tags.map((t: { name: string }) => t.name)).toEqual(['3.1', 'latest']);
    expect(stream.metadata.generation).toBe(1);
    expect(stream.status.dockerImageRepository).toBe('registry.local:5000/default/ruby');
  });

  it('shows an image stream tag once a mapping gave it an image', async () => {
    const res = await post('/apis/image.openshift.io/v1/namespaces/default/imagestreammappings', {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamMapping',
      metadata: { name: 'ruby', namespace: 'default' },
      image: {
        metadata: { name: DIGEST },
        dockerImageReference: `registry.access.redhat.com/ubi8/ruby-31@${DIGEST}`,
      },
      tag: '3.1',
    });
    expect(res.status).toBe(201);
    const r = await kubectl(['get', 'istag']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+IMAGE REFERENCE\s+UPDATED/);
    // referencePolicy Local: the reference points at the registry serving the stream
    expect(r.stdout).toMatch(/ruby:3\.1\s+registry\.local:5000\/default\/ruby@sha256:a1a1/);
    // latest tracks 3.1 (from: ImageStreamTag), so it got the image too
    expect(r.stdout).toMatch(/ruby:latest\s+/);
    const is = await kubectl(['get', 'is', 'ruby']);
    expect(is.stdout).toMatch(
      /ruby\s+registry.local:5000\/default\/ruby\s+(3\.1,latest|latest,3\.1)\s+(Less than a second|\d+ seconds?) ago/,
    );
  });

  it('prints the oc columns of is -o wide, imagetags and isimage', async () => {
    const wide = await kubectl(['get', 'is', 'ruby', '-o', 'wide']);
    expect(wide.stdout.split('\n')[0]).toMatch(/^NAME\s+IMAGE REPOSITORY\s+TAGS\s+UPDATED$/);
    const tags = await kubectl(['get', 'imagetags']);
    expect(tags.stdout.split('\n')[0]).toMatch(/^NAME\s+SPEC\s+STATUS\s+HISTORY\s+UPDATED$/);
    expect(tags.stdout).toMatch(
      /ruby:3\.1\s+Scheduled\s+image\/sha256:a1a1a1\S*\s+1\s+(Less than a second|\d+ seconds?) ago/,
    );
    expect(tags.stdout).toMatch(/nginx:1\.25\s+Tag\s+docker\.io\/library\/nginx:1\.25\s+\n/);
    const isi = await kubectl(['get', 'isimage', `ruby@${DIGEST}`]);
    expect(isi.code).toBe(0);
    expect(isi.stdout.split('\n')[0]).toMatch(/^NAME\s+UPDATED$/);
    const isiWide = await kubectl(['get', 'isimage', `ruby@${DIGEST}`, '-o', 'wide']);
    expect(isiWide.stdout.split('\n')[0]).toMatch(/^NAME\s+UPDATED\s+IMAGE REFERENCE\s+IMAGE NAME$/);
    expect(isiWide.stdout).toContain(`ruby@${DIGEST}`);
  });

  it('lists a tag whose import failed in TAGS and shows the failure in imagetags', async () => {
    const status = {
      status: {
        tags: [
          {
            tag: '1.25',
            items: [],
            conditions: [
              {
                type: 'ImportSuccess',
                status: 'False',
                reason: 'NotFound',
                message: 'not found',
                lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
                generation: 1,
              },
            ],
          },
        ],
      },
    };
    const p = await kubectl([
      'patch',
      'is',
      'nginx',
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify(status),
    ]);
    expect(p.stderr).toBe('');
    const is = await kubectl(['get', 'is', 'nginx']);
    expect(is.stdout).toMatch(/nginx\s+registry\.local:5000\/default\/nginx\s+1\.25\s*$/m);
    const tag = await kubectl(['get', 'imagetag', 'nginx:1.25']);
    expect(tag.stdout).toMatch(
      /nginx:1\.25\s+Tag\s+ImportFailed \(NotFound\)\s+(Less than a second|\d+ seconds?) ago/,
    );
  });

  it('patches with a merge patch and a JSON patch, bumping the generation', async () => {
    const merge = await kubectl([
      'patch',
      'is',
      'nginx',
      '--type',
      'merge',
      '-p',
      '{"spec":{"lookupPolicy":{"local":false}}}',
    ]);
    expect(merge.stderr).toBe('');
    expect(merge.stdout).toContain('imagestream.image.openshift.io/nginx patched');
    const json = await kubectl([
      'patch',
      'is',
      'nginx',
      '--type',
      'json',
      '-p',
      '[{"op":"add","path":"/metadata/labels/tier","value":"front"}]',
    ]);
    expect(json.code).toBe(0);
    const stream = parse((await kubectl(['get', 'is', 'nginx', '-o', 'yaml'])).stdout);
    expect(stream.spec.lookupPolicy.local).toBe(false);
    expect(stream.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    expect(stream.metadata.generation).toBe(2);
  });

  it("patches with kubectl patch's default (strategic merge, applied as a merge patch)", async () => {
    const r = await kubectl(['patch', 'is', 'ruby', '-p', '{"metadata":{"annotations":{"team":"lang"}}}']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('imagestream.image.openshift.io/ruby patched');
    const stream = parse((await kubectl(['get', 'is', 'ruby', '-o', 'yaml'])).stdout);
    expect(stream.metadata.annotations.team).toBe('lang');
    expect(stream.metadata.generation).toBe(1);
  });

  it('re-applies a changed manifest (a three-way patch) and bumps the generation', async () => {
    const changed = MANIFEST.replace('docker.io/library/nginx:1.25', 'docker.io/library/nginx:1.27');
    const r = await kubectl(['apply', '-f', '-'], changed);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('imagestream.image.openshift.io/nginx configured');
    // a JSON merge patch replaces whole lists: kubectl says "configured" (as for custom resources), but nothing changes
    expect(r.stdout).toMatch(/imagestream.image.openshift.io\/ruby (unchanged|configured)/);
    expect(parse((await kubectl(['get', 'is', 'ruby', '-o', 'yaml'])).stdout).metadata.generation).toBe(1);
    const stream = parse((await kubectl(['get', 'is', 'nginx', '-o', 'yaml'])).stdout);
    expect(stream.spec.tags[0].from.name).toBe('docker.io/library/nginx:1.27');
    expect(stream.metadata.generation).toBe(3);
    expect(stream.spec.tags[0].generation).toBe(3);
    // the label kubectl patch added is not in the manifest and not in last-applied: kept
    expect(stream.metadata.labels.tier).toBe('front');
  });

  it('rejects unknown fields as a real cluster does', async () => {
    const r = await kubectl(
      ['apply', '-f', '-'],
      MANIFEST.replace('  lookupPolicy:\n    local: true', '  lookupPolicy:\n    local: true\n  bogus: 1'),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('strict decoding error: unknown field "spec.bogus"');
  });

  it('shows 422 field causes for an invalid stream', async () => {
    const bad =
      'apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: bad\nspec:\n  tags:\n  - name: x\n    from:\n      kind: Pod\n      name: other\n';
    const r = await kubectl(['apply', '-f', '-'], bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('is invalid');
    expect(r.stderr).toContain(
      "spec.tags[x].from.kind: Required value: valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'",
    );
    expect((await kubectl(['get', 'is', 'bad'])).code).not.toBe(0);
  });

  it('answers a replace with a stale resourceVersion with 409', async () => {
    const old = (await kubectl(['get', 'is', 'nginx', '-o', 'yaml'])).stdout;
    expect((await kubectl(['label', 'is', 'nginx', 'stale=yes'])).code).toBe(0);
    const r = await kubectl(['replace', '-f', '-'], old);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('shows the events about a stream in kubectl describe', async () => {
    const ruby = parse((await kubectl(['get', 'is', 'ruby', '-o', 'yaml'])).stdout);
    const res = await post('/api/v1/namespaces/default/events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'ruby.import1' },
      involvedObject: {
        apiVersion: 'image.openshift.io/v1',
        kind: 'ImageStream',
        name: 'ruby',
        namespace: 'default',
        uid: ruby.metadata.uid,
      },
      reason: 'ImportSucceeded',
      message: 'imported 3.1',
      type: 'Normal',
      source: { component: 'imagestreams-importer' },
      firstTimestamp: new Date().toISOString(),
      lastTimestamp: new Date().toISOString(),
      count: 1,
    });
    expect(res.status).toBe(201);
    await post('/api/v1/namespaces/default/events', {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'nginx.other' },
      involvedObject: { kind: 'ImageStream', name: 'nginx', namespace: 'default' },
      reason: 'NotAboutRuby',
      message: 'x',
    });
    const r = await kubectl(['describe', 'is', 'ruby']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Normal\s+ImportSucceeded\s+.*imagestreams-importer\s+imported 3\.1/);
    expect(r.stdout).not.toContain('NotAboutRuby');
  });

  it('watches: kubectl get -w sees a later change', async () => {
    const child = spawnKubectl(api.kubeconfig, ['get', 'is', '-w', '--output-watch-events']);
    try {
      await waitForOutput(child, (t) => t.includes('ruby'));
      expect((await kubectl(['label', 'is', 'ruby', 'watched=yes'])).code).toBe(0);
      const out = await waitForOutput(child, (t) => /MODIFIED\s+ruby/.test(t));
      expect(out).toMatch(/MODIFIED\s+ruby/);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('explains the fields of a stream from the OpenAPI document', async () => {
    const r = await kubectl(['explain', 'is.spec.tags']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('KIND:       ImageStream');
    expect(r.stdout).toContain('importPolicy');
    expect(r.stdout).toContain('referencePolicy');
  });

  it('deletes a tag through its image stream tag', async () => {
    const r = await kubectl(['delete', 'istag', 'ruby:latest']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('imagestreamtag.image.openshift.io "ruby:latest" deleted');
    const tags = parse((await kubectl(['get', 'is', 'ruby', '-o', 'yaml'])).stdout).spec.tags.map(
      (t: { name: string }) => t.name,
    );
    expect(tags).toEqual(['3.1']);
  });

  it('deletes a stream', async () => {
    const r = await kubectl(['delete', 'is', 'nginx']);
    expect(r.stdout).toContain('imagestream.image.openshift.io "nginx" deleted');
    const get = await kubectl(['get', 'is', 'nginx']);
    expect(get.code).not.toBe(0);
    expect(get.stderr).toContain('imagestreams.image.openshift.io "nginx" not found');
  });

  it('prints names with -o name and lists all documents as YAML', async () => {
    const r = await kubectl(['get', 'is', '-o', 'name']);
    expect(r.stdout.trim().split('\n')).toEqual(['imagestream.image.openshift.io/ruby']);
    const docs = parseAllDocuments((await kubectl(['get', 'is', '-A', '-o', 'yaml'])).stdout);
    expect(docs[0]?.toJS().kind).toBe('List');
  });
});
