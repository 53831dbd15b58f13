import { describe, expect, it } from 'vitest';
import type { ImageStream } from '../../../src/api/types.js';
import { signatureRefusedTags } from '../../../src/integrated-registry/push-signatures.js';

describe('push signatures', () => {
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
