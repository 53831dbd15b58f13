import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../../../src/api/status-error.js';
import { imageStreamStrategy as s } from '../../../../src/api/strategies.js';
import type { ImageStream } from '../../../../src/api/types.js';
import { resolveCrossStreamSources } from '../../../../src/server/resources/cross-stream-sources.js';
import type { Store } from '../../../../src/store/store.js';

const mallory = { name: 'mallory', groups: ['imagestreams:write:team-a'] };

/** A store that records which streams were looked up and knows none of them. */
function recordingStore(): { store: Store; asked: string[] } {
  const asked: string[] = [];
  const store = {
    get: (_type: unknown, namespace: string, name: string) => {
      asked.push(`${namespace}/${name}`);
      return Promise.resolve(undefined);
    },
  } as unknown as Store;
  return { store, asked };
}

const streamFrom = (from: Record<string, string>): ImageStream =>
  s.prepareForCreate(
    s.decode({
      apiVersion: 'image.openshift.io/v1',
      kind: 'ImageStream',
      metadata: { name: 'app', namespace: 'team-a' },
      spec: { tags: [{ name: 'x', from }] },
    }),
  );

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('cross-stream tag sources', () => {
  it('refuses a source in an unreadable namespace before looking it up', async () => {
    const { store, asked } = recordingStore();
    const next = streamFrom({ kind: 'ImageStreamTag', namespace: 'team-b', name: 'secret:v1' });
    const e = await failure(resolveCrossStreamSources(store, next, undefined, mallory));
    expect(isStatusError(e) && e.code).toBe(403);
    expect(asked).toEqual([]);
  });

  it('looks up a source in its own namespace, or one the user may read', async () => {
    const own = recordingStore();
    const local = streamFrom({ kind: 'ImageStreamTag', name: 'other:v1' });
    const e = await failure(resolveCrossStreamSources(own.store, local, undefined, mallory));
    expect(isStatusError(e) && e.code).toBe(422);
    expect(own.asked).toEqual(['team-a/other']);
    const reader = { name: 'ci', groups: ['imagestreams:write:team-a', 'imagestreams:read:team-b'] };
    const theirs = recordingStore();
    const next = streamFrom({ kind: 'ImageStreamTag', namespace: 'team-b', name: 'secret:v1' });
    const missing = await failure(resolveCrossStreamSources(theirs.store, next, undefined, reader));
    expect(isStatusError(missing) && missing.code).toBe(422);
    expect(theirs.asked).toEqual(['team-b/secret']);
  });
});
