/**
 * The checks of tagMoveVerifier made before any registry request (the check itself runs against
 * the real registry in test/integration/integrated-registry/signed-pushes.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Image, ImageStream } from '../../../../src/api/types.js';
import { createRegistryAllowList } from '../../../../src/importer/allowed-registries.js';
import type { ImportRegistryClient } from '../../../../src/importer/resolve-image.js';
import { tagMoveVerifier } from '../../../../src/importer/signatures/tag-move-check.js';
import { cosignKeyPair } from '../../../support/registry/cosign.js';

const digest = `sha256:${'d'.repeat(64)}`;
const unreachable = new Proxy({} as ImportRegistryClient, {
  get: () => () => Promise.reject(new Error('no registry request expected')),
});
const stream = (annotations: Record<string, string>, current?: string): ImageStream =>
  ({
    metadata: { name: 'app', namespace: 'ns', annotations },
    spec: {},
    status: { dockerImageRepository: '', tags: current ? [{ tag: 'v1', items: [{ image: current }] }] : [] },
  }) as unknown as ImageStream;
const image = (ref: string) => ({ metadata: { name: digest }, dockerImageReference: ref }) as Image;
const keyed = { 'imagestreams.io/verify-cosign-key': cosignKeyPair().publicPem };

describe('tagMoveVerifier', () => {
  const verify = tagMoveVerifier({
    policy: {},
    client: unreachable,
    allowList: createRegistryAllowList(['quay.io']),
    insecureHost: () => '127.0.0.1:5000',
  });
  const move = (s: ImageStream, ref: string) =>
    verify({ namespace: 'ns', stream: s, tag: 'v1', image: image(ref) });

  it('lets any image into a stream without a policy, and the current image again', async () => {
    await expect(move(stream({}), `evil.example/x@${digest}`)).resolves.toBeUndefined();
    await expect(move(stream(keyed, digest), `evil.example/x@${digest}`)).resolves.toBeUndefined();
  });

  it('reads no signatures outside --allowed-registries', async () => {
    await expect(move(stream(keyed), `evil.example/x@${digest}`)).rejects.toMatchObject({
      code: 403,
      reason: 'SignatureMissing',
      message: expect.stringMatching(
        /signature policy of image stream ns\/app refuses it: its signatures cannot be read/,
      ),
    });
  });

  it('refuses an image whose reference names no repository', async () => {
    await expect(move(stream(keyed), '')).rejects.toMatchObject({
      code: 403,
      message: expect.stringContaining('image.dockerImageReference'),
    });
  });
});
