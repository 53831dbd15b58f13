import { describe, expect, it } from 'vitest';
import {
  FollowIndex,
  movedTags,
  streamFingerprint,
  tagFingerprints,
} from '../../../../src/triggers/skeleton/follow-index.js';
import { stream, V1, V2 } from '../controller/fixtures.js';

describe('tagFingerprints and movedTags', () => {
  it('moves a tag when its item 0 changes, not when only conditions or older items change', () => {
    const before = tagFingerprints(stream('app', [V2, V1]));
    const conditions = { conditions: [{ type: 'ImportSuccess', status: 'False' }] };
    expect(movedTags(before, tagFingerprints(stream('app', [V2, V1], conditions)))).toEqual([]);
    expect(movedTags(before, tagFingerprints(stream('app', [V2])))).toEqual([]);
    expect(movedTags(before, tagFingerprints(stream('app', [V1, V2])))).toEqual(['latest']);
  });

  it('counts every tag as moved on a first look, and a removed tag as moved', () => {
    const s = stream('app', [V1]);
    expect(movedTags(undefined, tagFingerprints(s))).toEqual(['latest']);
    expect(movedTags(tagFingerprints(s), new Map())).toEqual(['latest']);
  });

  it('moves a Local tag when the stream repository changes, a Source tag not', () => {
    const withRepo = (policy: 'Local' | 'Source', repo: string) => {
      const s = stream('app', [V1]);
      s.spec.tags = [{ name: 'latest', referencePolicy: { type: policy } }];
      s.status = { ...s.status, dockerImageRepository: repo };
      return tagFingerprints(s);
    };
    expect(
      movedTags(withRepo('Local', 'a:5000/default/app'), withRepo('Local', 'b:5000/default/app')),
    ).toEqual(['latest']);
    expect(
      movedTags(withRepo('Source', 'a:5000/default/app'), withRepo('Source', 'b:5000/default/app')),
    ).toEqual([]);
    expect(
      movedTags(withRepo('Source', 'a:5000/default/app'), withRepo('Local', 'a:5000/default/app')),
    ).toEqual(['latest']);
  });

  it('gives a stream fingerprint that changes with any tag and not with conditions', () => {
    const base = streamFingerprint(stream('app', [V1]));
    expect(
      streamFingerprint(stream('app', [V1], { conditions: [{ type: 'ImportSuccess', status: 'False' }] })),
    ).toBe(base);
    expect(streamFingerprint(stream('app', [V2, V1]))).not.toBe(base);
  });
});

describe('FollowIndex', () => {
  it('finds the followers of a tag by namespace, stream and tag, and forgets replaced and deleted ones', () => {
    const index = new FollowIndex();
    index.set('a', [{ namespace: 'default', stream: 'app', tag: 'latest' }]);
    index.set('b', [
      { namespace: 'default', stream: 'app', tag: 'v1' },
      { namespace: 'default', stream: 'app', tag: 'latest' },
    ]);
    index.set('c', [{ namespace: 'team', stream: 'app', tag: 'latest' }]);
    expect(index.following('default', 'app', ['latest']).sort()).toEqual(['a', 'b']);
    expect(index.following('default', 'app', ['v1', 'latest']).sort()).toEqual(['a', 'b']);
    expect(index.following('team', 'app', ['latest'])).toEqual(['c']);

    index.set('b', [{ namespace: 'default', stream: 'app', tag: 'v1' }]);
    expect(index.following('default', 'app', ['latest'])).toEqual(['a']);
    index.delete('a');
    expect(index.following('default', 'app', ['latest'])).toEqual([]);
    expect(index.following('default', 'app', ['v1'])).toEqual(['b']);
  });
});
