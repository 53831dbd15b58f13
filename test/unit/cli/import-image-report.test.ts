import { describe, expect, it } from 'vitest';
import { describeImage, humanSize } from '../../../src/cli/describe/describe-image.js';
import { decodeImportAnswer, importImageReport } from '../../../src/cli/import-image-report.js';
import { describeError } from '../../../src/cli/report.js';
import type { KubeObject } from '../../../src/api/object.js';
import type { Status } from '../../../src/api/status-error.js';
import type { ImageStreamImport } from '../../../src/api/types.js';

const now = new Date('2026-01-10T12:00:00Z');
const DIGEST = `sha256:${'ab'.repeat(32)}`;

function image(config: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'Image',
    metadata: {
      name: DIGEST,
      creationTimestamp: '2026-01-10T11:59:00Z',
      annotations: { 'openshift.io/image.managed': 'true' },
    },
    dockerImageReference: `quay.io/team/web@${DIGEST}`,
    dockerImageMetadata: {
      Created: '2026-01-08T12:00:00Z',
      Architecture: 'amd64',
      Size: 1_234_567,
      Config: config,
    },
    dockerImageLayers: [
      { name: 'sha256:l1', size: 1_200_000 },
      { name: 'sha256:l2', size: 34_567 },
    ],
    ...extra,
  } as unknown as KubeObject;
}

const ok: Status = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Success',
  message: '',
  reason: '',
  code: 200,
};
const fail = (message: string): Status => ({
  ...ok,
  status: 'Failure',
  message,
  reason: 'NotFound',
  code: 404,
});

/** the answer as the server sends it, read as isctl reads it */
function result(status: Record<string, unknown>, repository = false): ImageStreamImport {
  return decodeImportAnswer({
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name: 'web' },
    spec: {
      import: true,
      ...(repository ? { repository: { from: { kind: 'DockerImage', name: 'quay.io/team/web' } } } : {}),
    },
    status,
  });
}

describe('oc describe image', () => {
  it('names the image by stream:tag and prints Created, Annotations, sizes and the config as oc does', () => {
    const text = describeImage(
      image({ Cmd: ['/bin/web'], Env: ['A=1', 'B=2'], Labels: { team: 'web' } }),
      'web:1.0',
      now,
    );
    expect(text).toBe(
      [
        'Image Name:\tweb:1.0',
        'Docker Image:\tquay.io/team/web@' + DIGEST,
        `Name:\t\t${DIGEST}`,
        'Created:\tAbout a minute ago',
        'Annotations:\topenshift.io/image.managed=true',
        'Image Size:\t1.235MB in 2 layers',
        'Layers:\t\t1.2MB\tsha256:l1',
        '\t\t34.57kB\tsha256:l2',
        'Image Created:\t2 days ago',
        'Author:\t\t<none>',
        'Arch:\t\tamd64',
        'Command:\t/bin/web',
        'Working Dir:\t<none>',
        'User:\t\t<none>',
        'Exposes Ports:\t<none>',
        'Docker Labels:\tteam=web',
        'Environment:\tA=1',
        '\t\tB=2',
        '',
      ].join('\n'),
    );
  });

  it('prints Entrypoint only when set, and an empty Command when neither is', () => {
    expect(describeImage(image({ Entrypoint: ['/init'] }), 'web:1.0', now)).toMatch(/^Entrypoint:\t\/init$/m);
    const bare = describeImage(image(), 'web:1.0', now);
    expect(bare).not.toContain('Entrypoint');
    expect(bare).toMatch(/^Command:\t<none>$/m);
    expect(bare).not.toContain('Environment');
  });

  it('sizes like go-units HumanSize', () => {
    expect([
      humanSize(0),
      humanSize(512),
      humanSize(1000),
      humanSize(1_234_567),
      humanSize(45_670_000_000),
    ]).toEqual(['0B', '512B', '1kB', '1.235MB', '45.67GB']);
  });
});

describe('isctl import-image output', () => {
  it('prints the name line, then each imported image by its status tag', () => {
    const r = importImageReport('web', result({ images: [{ status: ok, tag: '1.0', image: image() }] }), {
      dryRun: false,
      now,
    });
    expect(r.stdout.startsWith('imagestream.image.openshift.io/web imported\n\nImage Name:\tweb:1.0\n')).toBe(
      true,
    );
    expect(r.stdout.endsWith('\n\n\n')).toBe(true);
    expect([r.errors, r.closing, r.failed]).toEqual(['', '', false]);
  });

  it('lists the tags a repository import left out', () => {
    const r = importImageReport(
      'web',
      result(
        {
          repository: {
            status: ok,
            images: [{ status: ok, tag: 'latest', image: image() }],
            additionalTags: ['0.9', '0.8'],
          },
        },
        true,
      ),
      { dryRun: false, now },
    );
    expect(r.stdout).toContain('Image Name:\tweb:latest\n');
    expect(r.stdout).toContain(
      '\ninfo: The remote repository contained 2 additional tags which were not imported: 0.9, 0.8\n',
    );
  });

  it('reports failed tags on stderr, says "with errors" and closes with an error line', () => {
    const r = importImageReport(
      'web',
      result({ images: [{ status: fail('manifest unknown'), tag: 'nope' }] }),
      { dryRun: true, now },
    );
    expect(r.stdout).toBe('imagestream.image.openshift.io/web imported with errors (dry run)\n\n\n');
    expect(r.errors).toBe('error: tag nope failed: manifest unknown\n');
    expect(r.closing).toBe('error: the import of imagestream.image.openshift.io/web completed with errors\n');
    expect(r.failed).toBe(true);
  });

  it('names a repository that could not be listed', () => {
    const r = importImageReport(
      'web',
      result({ repository: { status: fail('unauthorized'), images: [], additionalTags: [] } }, true),
      { dryRun: false, now },
    );
    expect(r.errors).toBe('error: repository quay.io/team/web failed: unauthorized\n');
    expect(r.failed).toBe(true);
  });
});

describe('isctl import-image reads the answer through the API schema', () => {
  it('names the field of an answer it cannot read', () => {
    const answer = {
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStreamImport',
      metadata: { name: 'web' },
      spec: { import: true },
      status: { images: [{ tag: '1.0', status: 'Success' }] },
    };
    let caught: unknown;
    try {
      decodeImportAnswer(answer);
    } catch (err) {
      caught = err;
    }
    expect(describeError(caught)).toMatch(
      /^error: the server sent an object this client cannot read: status\.images\.0\.status: /,
    );
  });
});
