/**
 * The cluster-scoped `Image` object for one manifest, in OpenShift's shape: named by its digest,
 * with `dockerImageMetadata` (a DockerImage "1.0" built from the config blob), its layers, and
 * for a manifest list the children in `dockerImageManifests` (a list has no layers of its own).
 * Built only from what the registry served under the digest, so marked verified (api/image-trust.ts).
 */
import { VERIFIED_IMAGE_ANNOTATION } from '../api/image-trust.js';
import type { Image, ImageManifest } from '../api/types.js';
import type { Descriptor, ImageConfig } from '../registry/types.js';

const LAYERS_ORDER_ANNOTATION = 'image.openshift.io/dockerLayersOrder';

export interface ImageRepository {
  registry: string;
  repository: string;
}

/** `registry/repository@digest`, the reference every imported image and tag event uses. */
function digestReference(repo: ImageRepository, digest: string): string {
  return `${repo.registry}/${repo.repository}@${digest}`;
}

const RUNTIME_FIELDS = ['User', 'ExposedPorts', 'Env', 'Cmd', 'Entrypoint', 'WorkingDir', 'Labels'] as const;

function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys)
    if (source[k] !== undefined && source[k] !== null && source[k] !== '') out[k] = source[k];
  return out;
}

function dockerImageMetadata(config: ImageConfig): Record<string, unknown> {
  const optional = pick(
    {
      Created: config.created,
      Author: config.author,
      Architecture: config.architecture,
      Os: config.os,
      Variant: config.variant,
    },
    ['Created', 'Author', 'Architecture', 'Os', 'Variant'],
  );
  return {
    kind: 'DockerImage',
    apiVersion: '1.0',
    Id: config.configDigest,
    ContainerConfig: {},
    Config: pick(config.config as Record<string, unknown>, RUNTIME_FIELDS),
    Size: config.totalSize,
    ...optional,
  };
}

/** The Image of a single-platform manifest. */
export function buildImage(
  repo: ImageRepository,
  manifest: { digest: string; mediaType: string },
  config: ImageConfig,
): Image {
  const image: Image = {
    apiVersion: 'image.openshift.io/v1',
    kind: 'Image',
    metadata: {
      name: manifest.digest,
      annotations: { [LAYERS_ORDER_ANNOTATION]: 'ascending', [VERIFIED_IMAGE_ANNOTATION]: 'true' },
    },
    dockerImageReference: digestReference(repo, manifest.digest),
    dockerImageMetadata: dockerImageMetadata(config),
    dockerImageMetadataVersion: '1.0',
    dockerImageLayers: config.layers.map((l) => ({ name: l.digest, size: l.size, mediaType: l.mediaType })),
    dockerImageManifestMediaType: manifest.mediaType,
  };
  return image;
}

/** The Image of a manifest list / OCI index kept whole (`importMode: PreserveOriginal`). */
export function buildManifestListImage(
  repo: ImageRepository,
  list: { digest: string; mediaType: string },
  children: readonly Descriptor[],
): Image {
  return {
    apiVersion: 'image.openshift.io/v1',
    kind: 'Image',
    metadata: { name: list.digest, annotations: { [VERIFIED_IMAGE_ANNOTATION]: 'true' } },
    dockerImageReference: digestReference(repo, list.digest),
    dockerImageMetadata: { kind: 'DockerImage', apiVersion: '1.0', ContainerConfig: {}, Config: {} },
    dockerImageMetadataVersion: '1.0',
    dockerImageLayers: [],
    dockerImageManifestMediaType: list.mediaType,
    dockerImageManifests: children.map((c) => {
      const m: ImageManifest = {
        digest: c.digest,
        mediaType: c.mediaType,
        manifestSize: c.size,
        architecture: c.platform?.architecture ?? '',
        os: c.platform?.os ?? '',
      };
      if (c.platform?.variant) m.variant = c.platform.variant;
      return m;
    }),
  };
}

/** A stored Image seen through another repository: same content, this repository's reference. */
export function imageInRepository(image: Image, repo: ImageRepository): Image {
  return { ...image, dockerImageReference: digestReference(repo, image.metadata.name) };
}

/** Whether the Image is a manifest list (it has children and no layers). */
export function isManifestListImage(image: Image): boolean {
  return (image.dockerImageManifests?.length ?? 0) > 0;
}
