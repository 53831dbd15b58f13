/** Names fixed by the published image.openshift.io/v1 API (openshift/api image/v1 consts.go). */

export const IMAGE_API_GROUP = 'image.openshift.io';
export const IMAGE_API_VERSION = 'image.openshift.io/v1';

/** The time of the last import of a stream (RFC 3339). */
export const DOCKER_REPOSITORY_CHECK_ANNOTATION = 'openshift.io/image.dockerRepositoryCheck';
/** `true` on a stream: every tag may be imported over plain HTTP / unverified TLS. */
export const INSECURE_REPOSITORY_ANNOTATION = 'openshift.io/image.insecureRepository';
/** On a spec tag: the platform to pick from a manifest list in `Legacy` import mode. */
export const PREFER_ARCH_ANNOTATION = 'importer.image.openshift.io/prefer-arch';
export const PREFER_OS_ANNOTATION = 'importer.image.openshift.io/prefer-os';

export const DEFAULT_IMAGE_TAG = 'latest';

export const SourceKind = {
  DockerImage: 'DockerImage',
  ImageStreamTag: 'ImageStreamTag',
  ImageStreamImage: 'ImageStreamImage',
} as const;
export type SourceKind = (typeof SourceKind)[keyof typeof SourceKind];
export const REFERENCE_POLICY_TYPES = ['Source', 'Local'] as const;
export const IMPORT_MODES = ['Legacy', 'PreserveOriginal'] as const;
export const CONDITION_STATUSES = ['True', 'False', 'Unknown'] as const;
export type ConditionStatus = (typeof CONDITION_STATUSES)[number];

/** Kinds of this API group, as they appear in `kind` and in Status details. */
export const ImageKind = {
  ImageStream: 'ImageStream',
  Image: 'Image',
  ImageStreamTag: 'ImageStreamTag',
  ImageTag: 'ImageTag',
  ImageStreamImage: 'ImageStreamImage',
  ImageStreamMapping: 'ImageStreamMapping',
  ImageStreamImport: 'ImageStreamImport',
} as const;
export type ImageKind = (typeof ImageKind)[keyof typeof ImageKind];

/** Plural resource names, used in error messages (`imagestreams.image.openshift.io "x" not found`). */
export const ImageResource = {
  ImageStream: 'imagestreams',
  Image: 'images',
  ImageStreamTag: 'imagestreamtags',
  ImageTag: 'imagetags',
  ImageStreamImage: 'imagestreamimages',
  ImageStreamMapping: 'imagestreammappings',
  ImageStreamImport: 'imagestreamimports',
} as const satisfies Record<ImageKind, string>;
