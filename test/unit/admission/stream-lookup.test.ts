import { describe, expect, it } from 'vitest';
import { candidate, namespaceResolver } from '../../../src/admission/stream-lookup.js';
import type { ImageStream } from '../../../src/api/types.js';

const D = `sha256:${'a'.repeat(64)}`;

function stream(name: string, local: boolean): ImageStream {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStream',
    metadata: { name, namespace: 'team' },
    spec: { lookupPolicy: { local }, tags: [] },
    status: {
      dockerImageRepository: '',
      tags: [
        {
          tag: 'latest',
          items: [{ created: '', dockerImageReference: `quay.io/x/${name}@${D}`, image: D, generation: 1 }],
        },
      ],
    },
  } as unknown as ImageStream;
}

describe('candidate', () => {
  it.each([
    ['ruby', 'ruby', undefined],
    ['ruby:3.3', 'ruby', '3.3'],
    [`ruby@${D}`, 'ruby', undefined],
  ])('%s names stream %s', (image, repository, tag) => {
    expect(candidate(image)).toMatchObject({ registry: '', repository, ...(tag ? { tag } : {}) });
  });

  it.each(['quay.io/x/ruby:3.3', 'lib/ruby', 'localhost:5000/ruby', 'localhost/ruby', 'Not A Reference', ''])(
    '%s names no stream',
    (image) => {
      expect(candidate(image)).toBeUndefined();
    },
  );
});

describe('namespaceResolver', () => {
  it('reads each stream once per review and only in its own namespace', async () => {
    const asked: string[] = [];
    const resolver = namespaceResolver('team', (namespace, name) => {
      asked.push(`${namespace}/${name}`);
      return Promise.resolve(name === 'ruby' ? stream('ruby', true) : undefined);
    });
    expect(await resolver.resolve('ruby', false)).toEqual({ kind: 'rewrite', image: `quay.io/x/ruby@${D}` });
    expect(await resolver.resolve('ruby:latest', false)).toEqual({
      kind: 'rewrite',
      image: `quay.io/x/ruby@${D}`,
    });
    expect(await resolver.resolve('nginx', true)).toEqual({ kind: 'keep' });
    expect(asked).toEqual(['team/ruby', 'team/nginx']);
  });

  it('needs lookupPolicy.local or resolve-names', async () => {
    const resolver = namespaceResolver('team', (_ns, name) => Promise.resolve(stream(name, false)));
    expect(await resolver.resolve('plain', false)).toEqual({ kind: 'keep' });
    expect(await resolver.resolve('plain', true)).toEqual({ kind: 'rewrite', image: `quay.io/x/plain@${D}` });
  });
});
