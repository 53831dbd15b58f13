/**
 * After the push, the output stream tag moves to the pushed digest: the Image is read back from
 * the registry (its metadata as the registry serves it) and recorded with the ImageStreamMapping
 * write the integrated registry's notifications use, so that whichever comes first moves the tag
 * and the other writes nothing (one tag event, never two).
 */
import { buildImage, buildManifestListImage } from '../../importer/index.js';
import { createManagedImage, recordPushedTag } from '../../integrated-registry/stream-mapping.js';
import type { CredentialStore } from '../../registry/auth/credentials.js';
import type { RegistryClient } from '../../registry/index.js';
import type { Store } from '../../store/store.js';
import { isLoopbackRegistry, type OutputTarget } from './output-target.js';

export async function recordOutput(
  store: Store,
  client: RegistryClient,
  target: OutputTarget,
  digest: string,
  now: Date,
  credentials?: CredentialStore,
): Promise<void> {
  if (!target.streamTag) return;
  const repo = { registry: target.registry, repository: target.path };
  const opts = { insecure: isLoopbackRegistry(target.registry), ...(credentials ? { credentials } : {}) };
  const got = await client.getManifest(repo, digest, opts);
  const image =
    got.manifest.kind === 'index'
      ? buildManifestListImage(repo, got, got.manifest.manifests)
      : buildImage(repo, got, await client.getImageConfig(repo, got.manifest, opts));
  await createManagedImage(store, image);
  const { namespace, stream, tag } = target.streamTag;
  await recordPushedTag(store, { namespace, stream, tag, image, now });
}
