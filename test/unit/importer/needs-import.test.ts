import { describe, expect, it } from 'vitest';
import type { ImageStream, TagReference } from '../../../src/api/types.js';
import {
  DOCKER_REPOSITORY_CHECK_ANNOTATION,
  insecureAllowed,
  latestObservedTagGeneration,
  repositoryNeedsImport,
  scheduledTags,
  tagNeedsImport,
  tagsNeedingImport,
} from '../../../src/importer/needs-import.js';

function stream(
  tags: TagReference[],
  statusTags: NonNullable<ImageStream['status']>['tags'] = [],
  checked = true,
): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: {
      name: 'app',
      namespace: 'ns',
      annotations: checked ? { [DOCKER_REPOSITORY_CHECK_ANNOTATION]: '2026-01-01T00:00:00Z' } : {},
    },
    spec: { tags },
    status: { dockerImageRepository: '', tags: statusTags },
  } as ImageStream;
}

const docker = (
  name: string,
  generation: number | undefined,
  extra: Partial<TagReference> = {},
): TagReference =>
  ({ name, from: { kind: 'DockerImage', name: `reg/app:${name}` }, generation, ...extra }) as TagReference;

const event = (generation: number) => ({
  created: '2026-01-01T00:00:00Z',
  dockerImageReference: 'reg/app@sha256:a',
  image: 'sha256:a',
  generation,
});

describe('tagNeedsImport', () => {
  it('imports a DockerImage tag whose spec generation is newer than item 0', () => {
    const s = stream([docker('1', 3)], [{ tag: '1', items: [event(2)] }]);
    expect(tagNeedsImport(s, s.spec!.tags![0]!)).toBe(true);
  });

  it('does not import when item 0 already observed the generation', () => {
    const s = stream([docker('1', 2)], [{ tag: '1', items: [event(2)] }]);
    expect(tagNeedsImport(s, s.spec!.tags![0]!)).toBe(false);
  });

  it('does not retry a failure already recorded for this generation', () => {
    const s = stream(
      [docker('1', 5)],
      [
        {
          tag: '1',
          items: [event(2)],
          conditions: [{ type: 'ImportSuccess', status: 'False', generation: 5 }],
        },
      ],
    );
    expect(latestObservedTagGeneration(s, '1')).toBe(5);
    expect(tagNeedsImport(s, s.spec!.tags![0]!)).toBe(false);
  });

  it('imports a tag with no status yet, and never reference or ImageStreamTag tags', () => {
    const s = stream([
      docker('new', 0),
      docker('ref', 9, { reference: true }),
      { name: 'alias', from: { kind: 'ImageStreamTag', name: 'new' }, generation: 9 } as TagReference,
    ]);
    expect(tagsNeedingImport(s).map((t) => t.name)).toEqual(['new']);
  });

  it('imports every importable tag of a stream that was never checked', () => {
    const s = stream([docker('a', 1), docker('b', undefined)], [{ tag: 'a', items: [event(1)] }], false);
    expect(tagsNeedingImport(s).map((t) => t.name)).toEqual(['a', 'b']);
  });

  it('bulk-imports spec.dockerImageRepository only before the first check', () => {
    const s = stream([], [], false);
    s.spec!.dockerImageRepository = 'reg/app';
    expect(repositoryNeedsImport(s)).toBe(true);
    s.metadata.annotations = { [DOCKER_REPOSITORY_CHECK_ANNOTATION]: 'x' };
    expect(repositoryNeedsImport(s)).toBe(false);
  });
});

describe('insecureAllowed', () => {
  it('follows the tag import policy or the stream annotation', () => {
    const s = stream([]);
    expect(insecureAllowed(s, docker('a', 1))).toBe(false);
    expect(insecureAllowed(s, docker('a', 1, { importPolicy: { insecure: true } }))).toBe(true);
    s.metadata.annotations = { 'openshift.io/image.insecureRepository': 'true' };
    expect(insecureAllowed(s, undefined)).toBe(true);
  });
});

describe('scheduledTags', () => {
  it('re-checks scheduled DockerImage tags, except digest-pinned ones that already have an image', () => {
    const pinned = docker('pinned', 1, {
      importPolicy: { scheduled: true },
      from: { kind: 'DockerImage', name: 'reg/app@sha256:' + 'a'.repeat(64) },
    });
    const s = stream(
      [docker('sched', 1, { importPolicy: { scheduled: true } }), docker('plain', 1), pinned],
      [
        { tag: 'sched', items: [event(1)] },
        { tag: 'pinned', items: [event(1)] },
      ],
    );
    expect(scheduledTags(s).map((t) => t.name)).toEqual(['sched']);
    s.status!.tags = [];
    expect(scheduledTags(s).map((t) => t.name)).toEqual(['sched', 'pinned']);
  });
});
