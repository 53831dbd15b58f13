/**
 * A push split the way `measurePushToTagLatency` times it: blobs (a layer and a config with a
 * nonce, so every push is a new digest) first, then `commit` PUTs the manifest by tag, as the
 * last step of a `docker push` does.
 */
import { randomUUID } from 'node:crypto';
import type { PreparedPush } from '../../../src/integrated-registry/index.js';
import { pushBlob, pushManifest, sha256, type PushTarget } from './index.js';

const MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

export async function prepareTagPush(target: PushTarget, repo: string, tag: string): Promise<PreparedPush> {
  const nonce = randomUUID();
  const layer = Buffer.from(`layer ${nonce}`);
  const layerDigest = await pushBlob(target, repo, layer);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Env: ['PATH=/bin'], Labels: { nonce } },
      rootfs: { type: 'layers', diff_ids: [layerDigest] },
    }),
  );
  const configDigest = await pushBlob(target, repo, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST,
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: config.length,
        digest: configDigest,
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          size: layer.length,
          digest: layerDigest,
        },
      ],
    }),
  );
  return {
    digest: sha256(manifest),
    commit: async () => void (await pushManifest(target, repo, tag, manifest, MANIFEST)),
  };
}
