/**
 * The image a build takes from an ImageStreamTag, as OpenShift's ResolveLatestTaggedImage gives it
 * to builds: the tag's current image by digest with its reference policy applied, so a `Local`
 * tag resolves to `<registry host>/<namespace>/<stream>@<digest>` (the stream's
 * status.dockerImageRepository, as the API shows it) rather than to its source. Without a
 * registry host (no integrated registry, no --docker-image-repository-host) every tag resolves to
 * its source, as before.
 */
import { withDockerImageRepository } from '../api/image-stream-repository.js';
import { resolveTagImage, type ResolvedTagImage } from '../api/tag-history.js';
import { IMAGE_STREAMS } from '../store/resource-types.js';
import type { Store } from '../store/store.js';

/** host[:port] of the registry serving the streams, read on every use (it may be announced late) */
export type RegistryHost = () => string | undefined;

/** `STREAM:TAG` of an ImageStreamTag reference */
export function splitStreamTag(name: string): { stream: string; tag: string } {
  const colon = name.lastIndexOf(':');
  return { stream: name.slice(0, colon), tag: name.slice(colon + 1) };
}

/** The ImageStreamTag `streamTag` (STREAM:TAG) of `namespace` resolved for a build; undefined without an image. */
export async function resolveStreamTagImage(
  store: Store,
  namespace: string | undefined,
  streamTag: string,
  registryHost: RegistryHost,
): Promise<ResolvedTagImage | undefined> {
  const { stream, tag } = splitStreamTag(streamTag);
  const object = await store.get(IMAGE_STREAMS, namespace, stream);
  return object && resolveTagImage(withDockerImageRepository(registryHost)(object), tag);
}
