import { describe, expect, it } from 'vitest';
import type { ImageStream } from '../../../src/api/types.js';
import { digestOf, resolveTrigger, type ImageStreamView } from '../../../src/triggers/resolve.js';

// Compile-time: the API's ImageStream must stay usable where resolveTrigger wants a stream.
export const acceptsApiStream = (s: ImageStream): ImageStreamView => s;

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const from = { namespace: 'default', stream: 'app', tag: 'latest' };

function stream(
  policy: string | undefined,
  items: { dockerImageReference: string; image: string }[],
): ImageStreamView {
  return {
    spec: { tags: [{ name: 'latest', ...(policy ? { referencePolicy: { type: policy } } : {}) }] },
    status: { dockerImageRepository: 'is.local:8080/default/app', tags: [{ tag: 'latest', items }] },
  };
}

describe('resolveTrigger', () => {
  it('uses item 0 dockerImageReference under the Source policy', () => {
    const s = stream('Source', [
      { dockerImageReference: `127.0.0.1:5000/ns/app@${D2}`, image: D2 },
      { dockerImageReference: `127.0.0.1:5000/ns/app@${D1}`, image: D1 },
    ]);
    expect(resolveTrigger({ from }, s)).toEqual({ reference: `127.0.0.1:5000/ns/app@${D2}`, digest: D2 });
  });

  it('uses status.dockerImageRepository@image under the Local policy', () => {
    const s = stream('Local', [{ dockerImageReference: `127.0.0.1:5000/ns/app@${D1}`, image: D1 }]);
    expect(resolveTrigger({ from }, s)?.reference).toBe(`is.local:8080/default/app@${D1}`);
  });

  it('pins a tag reference by digest', () => {
    const s = stream(undefined, [{ dockerImageReference: '127.0.0.1:5000/ns/app:v1', image: D1 }]);
    expect(resolveTrigger({ from }, s)?.reference).toBe(`127.0.0.1:5000/ns/app@${D1}`);
  });

  it('returns undefined for a tag without history or an unknown tag', () => {
    expect(resolveTrigger({ from }, stream('Source', []))).toBeUndefined();
    expect(
      resolveTrigger(
        { from: { ...from, tag: 'other' } },
        stream('Source', [{ dockerImageReference: 'x', image: D1 }]),
      ),
    ).toBeUndefined();
    expect(resolveTrigger({ from }, {})).toBeUndefined();
  });
});

describe('digestOf', () => {
  it('extracts the digest and ignores tags', () => {
    expect(digestOf(`r:5000/a@${D1}`)).toBe(D1);
    expect(digestOf('r:5000/a:v1')).toBeUndefined();
  });

  it('takes only valid digests (sha256, sha384, sha512 with their lengths)', () => {
    expect(digestOf(`r/a@sha512:${'b'.repeat(128)}`)).toBe(`sha512:${'b'.repeat(128)}`);
    expect(digestOf('r/a@sha256:abc')).toBeUndefined();
    expect(digestOf(`r/a@md5:${'b'.repeat(32)}`)).toBeUndefined();
  });
});
