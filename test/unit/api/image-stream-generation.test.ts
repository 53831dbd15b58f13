import { describe, expect, it } from 'vitest';
import { specTag, statusTag } from '../../../src/api/spec-tags.js';
import { imageStreamStrategy as s } from '../../../src/api/strategies.js';
import type { ImageStream } from '../../../src/api/types.js';
import { digest } from './fixtures.js';

const meta = { name: 'ruby', namespace: 'ns' };
const docker = (name: string) => ({ kind: 'DockerImage', name });

function create(spec: Record<string, unknown>, extra: Record<string, unknown> = {}): ImageStream {
  return s.prepareForCreate(s.decode({ metadata: meta, spec, ...extra }));
}

/** A write as a client does it: the stored object, edited, sent back. */
function update(
  old: ImageStream,
  edit: (o: Record<string, unknown> & { spec: Record<string, unknown> }) => void,
): ImageStream {
  const body = structuredClone(old) as unknown as Record<string, unknown> & { spec: Record<string, unknown> };
  edit(body);
  return s.prepareForUpdate(s.decode(body), old);
}

const tagGen = (st: ImageStream, name: string) => specTag(st, name)?.generation;

describe('ImageStream generations', () => {
  it('create sets metadata.generation 1 and every tag to 1, whatever the client sent', () => {
    const st = create(
      {
        tags: [
          { name: 'a', from: docker('nginx'), generation: 9 },
          { name: 'b', generation: 0 },
        ],
      },
      { metadata: { ...meta, generation: 5 } },
    );
    expect(st.metadata.generation).toBe(1);
    expect(tagGen(st, 'a')).toBe(1);
    expect(tagGen(st, 'b')).toBe(1);
  });

  it('an update that does not change spec keeps the generation', () => {
    const old = create({ tags: [{ name: 'a', from: docker('nginx') }] });
    const next = update(old, (o) => {
      (o.metadata as Record<string, unknown>).labels = { x: 'y' };
    });
    expect(next.metadata.generation).toBe(1);
  });

  it('a spec change bumps the generation and the changed tag takes it; other tags keep theirs', () => {
    const old = create({
      tags: [
        { name: 'a', from: docker('nginx:1') },
        { name: 'b', from: docker('nginx:2') },
      ],
    });
    const next = update(old, (o) => {
      (o.spec.tags as { from: { name: string } }[])[0]!.from.name = 'nginx:3';
    });
    expect(next.metadata.generation).toBe(2);
    expect(tagGen(next, 'a')).toBe(2);
    expect(tagGen(next, 'b')).toBe(1);
  });

  it('a new tag takes the stream generation even when the client sent another value', () => {
    const old = create({ tags: [{ name: 'a', from: docker('nginx:1') }] });
    const next = update(old, (o) => {
      (o.spec.tags as unknown[]).push({ name: 'new', from: docker('nginx:2'), generation: 42 });
    });
    expect(next.metadata.generation).toBe(2);
    expect(tagGen(next, 'new')).toBe(2);
    expect(tagGen(next, 'a')).toBe(1);
  });

  it('replaces a client-sent tag generation other than 0 with the stored one (and nothing changes)', () => {
    const old = create({ tags: [{ name: 'a', from: docker('nginx:1') }] });
    const next = update(old, (o) => {
      (o.spec.tags as { generation: number }[])[0]!.generation = 17;
    });
    expect(tagGen(next, 'a')).toBe(1);
    expect(next.metadata.generation).toBe(1);
  });

  it('a client generation of 0 requests a re-import: the stream bumps and the tag takes the new generation', () => {
    const old = create({ tags: [{ name: 'a', from: docker('nginx:1') }] });
    const next = update(old, (o) => {
      (o.spec.tags as { generation: number }[])[0]!.generation = 0;
    });
    expect(next.metadata.generation).toBe(2);
    expect(tagGen(next, 'a')).toBe(2);
  });

  it('a missing tag generation on update reads as the stored one', () => {
    const old = create({ tags: [{ name: 'a', from: docker('nginx:1') }] });
    const next = update(old, (o) => {
      delete (o.spec.tags as { generation?: number }[])[0]!.generation;
    });
    expect(tagGen(next, 'a')).toBe(1);
    expect(next.metadata.generation).toBe(1);
  });

  it('a lookupPolicy change bumps the stream but not the tags', () => {
    const old = create({ tags: [{ name: 'a', from: docker('nginx:1') }] });
    const next = update(old, (o) => {
      o.spec.lookupPolicy = { local: true };
    });
    expect(next.metadata.generation).toBe(2);
    expect(tagGen(next, 'a')).toBe(1);
  });

  it('the client cannot set metadata.generation', () => {
    const old = create({});
    const next = update(old, (o) => {
      (o.metadata as Record<string, unknown>).generation = 40;
    });
    expect(next.metadata.generation).toBe(1);
  });
});

describe('ImageStream status ownership', () => {
  const history = {
    dockerImageRepository: 'x',
    tags: [
      {
        tag: 'a',
        items: [
          {
            created: '2026-01-01T00:00:00Z',
            dockerImageReference: `quay.io/a@${digest('1')}`,
            image: digest('1'),
            generation: 1,
          },
        ],
      },
    ],
  };

  it('create drops any status the client sent', () => {
    const st = create({ tags: [{ name: 'a', from: docker('nginx') }] }, { status: history });
    expect(st.status).toEqual({ dockerImageRepository: '' });
  });

  it('create copies spec.dockerImageRepository into status', () => {
    expect(create({ dockerImageRepository: 'quay.io/a/b' }).status?.dockerImageRepository).toBe(
      'quay.io/a/b',
    );
  });

  it('update keeps status from the stored object, not the client', () => {
    const old = s.prepareForStatusUpdate(
      s.decode({ metadata: meta, status: history }),
      create({ tags: [{ name: 'a', from: docker('nginx') }] }),
    );
    const next = update(old, (o) => {
      o.status = { dockerImageRepository: 'evil', tags: [] };
    });
    expect(statusTag(next, 'a')?.items?.[0]?.image).toBe(digest('1'));
  });

  it('a status update keeps spec and identity from the stored object but the client resourceVersion', () => {
    const old = {
      ...create({ tags: [{ name: 'a', from: docker('nginx') }] }),
      metadata: { ...meta, generation: 1, resourceVersion: '5', uid: 'u' },
    };
    const next = s.prepareForStatusUpdate(
      s.decode({
        metadata: { ...meta, resourceVersion: '4', generation: 99, labels: { l: '1' } },
        spec: { tags: [] },
        status: history,
      }),
      old,
    );
    expect(next.spec).toEqual(old.spec);
    expect(next.metadata).toMatchObject({
      generation: 1,
      resourceVersion: '4',
      uid: 'u',
      labels: { l: '1' },
    });
    expect(statusTag(next, 'a')?.items).toHaveLength(1);
  });

  it('a status update fills a history item written with generation 0', () => {
    const old = create({ tags: [{ name: 'a', from: docker('nginx') }] });
    const body = structuredClone(history);
    body.tags[0]!.items[0]!.generation = 0;
    const next = s.prepareForStatusUpdate(s.decode({ metadata: meta, status: body }), old);
    expect(statusTag(next, 'a')?.items?.[0]?.generation).toBe(1);
  });

  it('a status update drops status tags with neither history nor conditions', () => {
    const old = create({});
    const next = s.prepareForStatusUpdate(
      s.decode({ metadata: meta, status: { dockerImageRepository: '', tags: [{ tag: 'x', items: [] }] } }),
      old,
    );
    expect(next.status?.tags).toBeUndefined();
  });
});
