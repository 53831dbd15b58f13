/**
 * Image metadata comes from the registry only: a stored Image the server did not derive (made
 * through a mapping or the images API) is derived again on import and replaced.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/object.js';
import { isVerifiedImage, markVerified, VERIFIED_IMAGE_ANNOTATION } from '../../../src/api/image-trust.js';
import { imageStrategy } from '../../../src/api/strategies.js';
import type { Image } from '../../../src/api/types.js';
import { createImportService, IMAGES } from '../../../src/importer/import-service.js';
import type { ImageStreamImportObject } from '../../../src/importer/import-types.js';
import { openSqliteStore } from '../../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../../src/store/store.js';
import { FakeRegistry } from './support/fake-registry.js';

const REPO = 'reg.test:5000/team/app';

function isi(tag: string): ImageStreamImportObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'ImageStreamImport',
    metadata: { name: 'app' },
    spec: {
      import: true,
      images: [{ from: { kind: 'DockerImage', name: `${REPO}:${tag}` }, to: { name: tag } }],
    },
  };
}

function forged(digest: string, extra: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'Image',
    metadata: { name: digest, annotations: { evil: 'yes', ...extra }, labels: { evil: 'yes' } },
    dockerImageReference: 'evil.example/fake@' + digest,
    dockerImageMetadata: { kind: 'DockerImage', apiVersion: '1.0', Config: { Env: ['FORGED=1'] } },
    dockerImageMetadataVersion: '1.0',
  };
}

describe('Image trust', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore({ path: ':memory:' });
  });
  afterEach(async () => {
    await store.close();
  });

  it('replaces a stored Image the server did not derive with the registry metadata', async () => {
    const r = new FakeRegistry();
    const digest = r.pushImage(REPO, '1.0', { env: ['REAL=1'] });
    await store.create(IMAGES, forged(digest));
    const out = await createImportService({ client: r, store }).importImages('other', isi('1.0'));
    expect(out.status?.images?.[0]?.image?.dockerImageMetadata).toMatchObject({
      Config: { Env: ['REAL=1'] },
    });
    const stored = (await store.get(IMAGES, undefined, digest)) as unknown as Image;
    expect(JSON.stringify(stored)).not.toMatch(/FORGED|evil/);
    expect(stored.dockerImageReference).toBe(`${REPO}@${digest}`);
    expect(isVerifiedImage(stored)).toBe(true);
    expect(r.calls.map((c) => c.op)).toContain('config');
  });

  it('does not trust the verified mark when it comes through the API', async () => {
    const image = imageStrategy.prepareForCreate(
      imageStrategy.decode(forged('sha256:' + 'a'.repeat(64), { [VERIFIED_IMAGE_ANNOTATION]: 'true' })),
    );
    expect(isVerifiedImage(image)).toBe(false);
    expect(image.metadata.annotations?.evil).toBe('yes');
    const old = markVerified(image);
    const updated = imageStrategy.prepareForUpdate(imageStrategy.decode({ ...image }), old);
    expect(isVerifiedImage(updated)).toBe(true);
  });

  it('keeps a verified stored Image: an unchanged re-import costs one HEAD', async () => {
    const r = new FakeRegistry();
    r.pushImage(REPO, '1.0');
    const svc = createImportService({ client: r, store });
    await svc.importImages('ns', isi('1.0'));
    r.calls = [];
    await svc.importImages('ns', isi('1.0'));
    expect(r.calls.map((c) => c.op)).toEqual(['head']);
  });
});
