import { describe, expect, it } from 'vitest';
import type { ImageStream } from '../../../src/api/types.js';
import { signatureRefusedTags, signedDigestOfTag } from '../../../src/integrated-registry/push-signatures.js';

const hex = 'a'.repeat(64);

describe('push signatures', () => {
  it("reads the signed digest from cosign's tags only", () => {
    expect(signedDigestOfTag(`sha256-${hex}.sig`)).toBe(`sha256:${hex}`);
    expect(signedDigestOfTag(`sha256-${hex}`)).toBe(`sha256:${hex}`);
    for (const tag of ['latest', `sha256-${hex}.att`, `sha256-${hex.slice(1)}.sig`, `sha256-${hex}.sig.x`])
      expect(signedDigestOfTag(tag)).toBeUndefined();
  });

  it('lists the tags refused for their signature, not for other failures', () => {
    const condition = (reason: string, status = 'False') => [{ type: 'ImportSuccess', status, reason }];
    const stream = {
      status: {
        tags: [
          { tag: 'a', items: [], conditions: condition('SignatureMissing') },
          { tag: 'b', items: [], conditions: condition('SignatureInvalid') },
          { tag: 'c', items: [], conditions: condition('NotFound') },
          { tag: 'd', items: [] },
        ],
      },
    } as unknown as ImageStream;
    expect(signatureRefusedTags(stream)).toEqual(['a', 'b']);
    expect(signatureRefusedTags(undefined)).toEqual([]);
  });
});
