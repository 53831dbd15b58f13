import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { badRequest, internalError } from '../../../src/api/status-error.js';
import type { ImportService } from '../../../src/importer/import-service.js';
import { isRetryableImportFailure, pushImportRequester } from '../../../src/importer/push-import.js';
import { IMAGE_STREAMS } from '../../../src/store/resource-types.js';
import { decodeImageStream } from '../../support/image-stream.js';
import type { Store } from '../../../src/store/store.js';
import { memoryStore } from './store-helpers.js';

const request = (stream: string) => ({ namespace: 'ns', stream, tag: 'latest', source: 'distribution' });

describe('push imports: which failures keep the pending work', () => {
  let store: Store;
  beforeEach(async () => {
    store = await memoryStore();
    for (const name of ['a', 'b']) {
      await store.create(
        IMAGE_STREAMS,
        decodeImageStream({
          metadata: { namespace: 'ns', name },
          spec: {
            tags: [{ name: 'latest', from: { kind: 'DockerImage', name: `reg.example.com/${name}:latest` } }],
          },
        }),
      );
    }
  });
  afterEach(async () => store.close());

  it('our side failing (5xx, or not an API Status) is retryable; the caller being wrong (4xx) is final', () => {
    expect(isRetryableImportFailure(internalError('store unavailable'))).toBe(true);
    expect(isRetryableImportFailure(new TypeError('bug'))).toBe(true);
    expect(isRetryableImportFailure(badRequest('bad spec'))).toBe(false);
  });

  it('tries every request, then rejects when one failed on our side', async () => {
    const tried: string[] = [];
    const service: ImportService = {
      async importImages(_ns, isi) {
        tried.push(isi.metadata.name);
        if (isi.metadata.name === 'a') throw internalError('store unavailable');
        return isi;
      },
    };
    await expect(
      pushImportRequester(service, store).importTags([request('a'), request('b')]),
    ).rejects.toThrow('1 of 2 push import(s) failed on our side');
    expect(tried).toEqual(['a', 'b']);
  });

  it('resolves when the only failure is final, so the work is not retried forever', async () => {
    const service: ImportService = {
      importImages: async () => {
        throw badRequest('bad spec');
      },
    };
    await expect(pushImportRequester(service, store).importTags([request('a')])).resolves.toBeUndefined();
  });

  it('tries again while the tag resolves to another digest than the event named, a bounded number of times', async () => {
    const D_OLD = `sha256:${'0'.repeat(64)}`;
    const D_NEW = `sha256:${'1'.repeat(64)}`;
    let attempts = 0;
    const answers = (digest: string): ImportService => ({
      async importImages(_ns, isi) {
        attempts++;
        return {
          ...isi,
          status: { images: [{ status: { status: 'Success' }, image: { metadata: { name: digest } } }] },
        } as typeof isi;
      },
    });
    const slept: number[] = [];
    const sleep = async (ms: number) => void slept.push(ms);
    const req = { ...request('a'), expectedDigest: D_NEW };
    const stream = await store.get(IMAGE_STREAMS, 'ns', 'a');
    await store.update(IMAGE_STREAMS, {
      ...stream!,
      status: { tags: [{ tag: 'latest', items: [{ image: D_OLD }] }] },
    });
    // never readable (a replayed or forged event): gives up after the delays
    await pushImportRequester(answers(D_OLD), store, {
      retryDelaysMs: [1, 2, 3],
      clock: { sleep },
    }).importTags([req]);
    expect(attempts).toBe(4);
    expect(slept).toEqual([1, 2, 3]);
    // readable at once: one import, no wait
    attempts = 0;
    slept.length = 0;
    await pushImportRequester(answers(D_NEW), store, {
      retryDelaysMs: [1, 2, 3],
      clock: { sleep },
    }).importTags([req]);
    expect(attempts).toBe(1);
    expect(slept).toEqual([]);
  });
});
