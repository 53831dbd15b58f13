/** OpenAPI schemas of image.openshift.io/v1, after openshift/api image/v1 (descriptions shortened). */
import {
  IMAGE,
  CORE,
  arr,
  bool,
  free,
  int64,
  kindSchema,
  obj,
  ref,
  str,
  stringMap,
  time,
  type JsonSchema,
} from './schema-builders.js';

const gvk = (kind: string) => ({ group: 'image.openshift.io', version: 'v1', kind });

const tagReference = obj(
  'TagReference specifies optional annotations for images using this tag and an optional reference to an ImageStreamTag, ImageStreamImage, or DockerImage this tag should track.',
  {
    name: str('Name of the tag'),
    annotations: stringMap(
      'Optional; if specified, annotations that are applied to images retrieved via ImageStreamTags.',
    ),
    from: ref(
      CORE + 'ObjectReference',
      'Optional; if specified, a reference to another image that this tag should point to. Valid values are ImageStreamTag, ImageStreamImage, and DockerImage. ImageStreamTag references can only reference a tag within this same ImageStream.',
    ),
    reference: bool(
      'Reference states if the tag will be imported. Default value is false, which means the tag will be imported.',
    ),
    generation: int64(
      'Generation is a counter that tracks mutations to the spec tag (user intent). When a tag reference is changed the generation is set to match the current stream generation.',
    ),
    importPolicy: ref(
      IMAGE + 'TagImportPolicy',
      'ImportPolicy is information that controls how images may be imported by the server.',
    ),
    referencePolicy: ref(
      IMAGE + 'TagReferencePolicy',
      'ReferencePolicy defines how other components should consume the image.',
    ),
  },
  ['name'],
);

const tagEvent = obj(
  'TagEvent is used by ImageStreamStatus to keep a historical record of images associated with a tag.',
  {
    created: time('Created holds the time the TagEvent was created'),
    dockerImageReference: str('DockerImageReference is the string that can be used to pull this image'),
    image: str('Image is the image'),
    generation: int64('Generation is the spec tag generation that resulted in this tag being updated'),
  },
  ['created', 'dockerImageReference', 'image', 'generation'],
);

const tagEventCondition = obj(
  'TagEventCondition contains condition information for a tag event.',
  {
    type: str('Type of tag event condition, currently only ImportSuccess'),
    status: str('Status of the condition, one of True, False, Unknown.'),
    lastTransitionTime: time(
      'LastTransitionTIme is the time the condition transitioned from one status to another.',
    ),
    reason: str("Reason is a brief machine readable explanation for the condition's last transition."),
    message: str(
      'Message is a human readable description of the details about last transition, complementing reason.',
    ),
    generation: int64('Generation is the spec tag generation that this status corresponds to'),
  },
  ['type', 'status', 'generation'],
);

const namedTagEventList = obj(
  'NamedTagEventList relates a tag to its image history.',
  {
    tag: str('Tag is the tag for which the history is recorded'),
    items: arr(ref(IMAGE + 'TagEvent'), "Standard object's metadata."),
    conditions: arr(
      ref(IMAGE + 'TagEventCondition'),
      'Conditions is an array of conditions that apply to the tag event list.',
    ),
  },
  ['tag', 'items'],
);

const imageSchema = kindSchema(
  'Image is an immutable representation of a container image and metadata at a point in time. Images are named by taking a hash of their contents (metadata and content).',
  gvk('Image'),
  {
    dockerImageReference: str('DockerImageReference is the string that can be used to pull this image.'),
    dockerImageMetadata: free('DockerImageMetadata contains metadata about this image'),
    dockerImageMetadataVersion: str(
      'DockerImageMetadataVersion conveys the version of the object, which if empty defaults to "1.0"',
    ),
    dockerImageManifest: str('DockerImageManifest is the raw JSON of the manifest'),
    dockerImageLayers: arr(
      ref(IMAGE + 'ImageLayer'),
      'DockerImageLayers represents the layers in the image.',
    ),
    signatures: arr(
      free('ImageSignature holds a signature of an image.'),
      'Signatures holds all signatures of the image.',
    ),
    dockerImageSignatures: arr(
      str('a signature blob', 'byte'),
      'DockerImageSignatures provides the signatures as opaque blobs.',
    ),
    dockerImageManifestMediaType: str('DockerImageManifestMediaType specifies the mediaType of manifest.'),
    dockerImageConfig: str('DockerImageConfig is a JSON blob that the runtime uses to set up the container.'),
    dockerImageManifests: arr(
      ref(IMAGE + 'ImageManifest'),
      'DockerImageManifests holds information about sub-manifests when the image represents a manifest list.',
    ),
  },
);

export const IMAGE_SCHEMAS: Record<string, JsonSchema> = {
  [IMAGE + 'ImageStream']: kindSchema(
    'An ImageStream stores a mapping of tags to images, metadata overrides that are applied when images are tagged in a stream, and an optional reference to a container image repository on a registry.',
    gvk('ImageStream'),
    {
      spec: ref(IMAGE + 'ImageStreamSpec', 'Spec describes the desired state of this stream'),
      status: ref(IMAGE + 'ImageStreamStatus', 'Status describes the current state of this stream'),
    },
  ),
  [IMAGE + 'ImageStreamSpec']: obj('ImageStreamSpec represents options for ImageStreams.', {
    lookupPolicy: ref(
      IMAGE + 'ImageLookupPolicy',
      'lookupPolicy controls how other resources reference images within this namespace.',
    ),
    dockerImageRepository: str(
      'dockerImageRepository is optional, if specified this stream is backed by a container repository on this server. Deprecated.',
    ),
    tags: arr(ref(IMAGE + 'TagReference'), 'tags map arbitrary string values to specific image locators'),
  }),
  [IMAGE + 'ImageLookupPolicy']: obj(
    'ImageLookupPolicy describes how an image stream can be used to override the image references used by pods, builds, and other resources in a namespace.',
    {
      local: bool(
        'local will change the docker short image references (like "mysql" or "php:latest") on objects in this namespace to the image ID whenever they match this image stream, instead of reaching out to a remote registry.',
      ),
    },
    ['local'],
  ),
  [IMAGE + 'TagReference']: tagReference,
  [IMAGE + 'TagImportPolicy']: obj(
    'TagImportPolicy controls how images related to this tag will be imported.',
    {
      insecure: bool(
        'Insecure is true if the server may bypass certificate verification or connect directly over HTTP during image import.',
      ),
      scheduled: bool(
        'Scheduled indicates to the server that this tag should be periodically checked to ensure it is up to date, and imported',
      ),
      importMode: str(
        'ImportMode describes how to import an image manifest: Legacy (default) or PreserveOriginal.',
      ),
    },
  ),
  [IMAGE + 'TagReferencePolicy']: obj(
    'TagReferencePolicy describes how pull-specs for images in this image stream tag are generated when image change triggers in deployment configs or builds are resolved.',
    {
      type: str(
        'Type determines how the image pull spec should be transformed when the image stream tag is used: Source (default) or Local.',
      ),
    },
    ['type'],
  ),
  [IMAGE + 'ImageStreamStatus']: obj(
    'ImageStreamStatus contains information about the state of this image stream.',
    {
      dockerImageRepository: str(
        'DockerImageRepository represents the effective location this stream may be accessed at.',
      ),
      publicDockerImageRepository: str(
        'PublicDockerImageRepository represents the public location from where the image can be pulled outside the cluster.',
      ),
      tags: arr(
        ref(IMAGE + 'NamedTagEventList'),
        'Tags are a historical record of images associated with each tag. The first entry in the TagEvent array is the currently tagged image.',
      ),
    },
    ['dockerImageRepository'],
  ),
  [IMAGE + 'NamedTagEventList']: namedTagEventList,
  [IMAGE + 'TagEvent']: tagEvent,
  [IMAGE + 'TagEventCondition']: tagEventCondition,
  [IMAGE + 'Image']: imageSchema,
  [IMAGE + 'ImageLayer']: obj(
    'ImageLayer represents a single layer of the image.',
    {
      name: str('Name of the layer as defined by the underlying store.'),
      size: int64('Size of the layer in bytes as defined by the underlying store.'),
      mediaType: str('MediaType of the referenced object.'),
    },
    ['name', 'size', 'mediaType'],
  ),
  [IMAGE + 'ImageManifest']: obj(
    'ImageManifest represents sub-manifests of a manifest list.',
    {
      digest: str('Digest is the unique identifier for the manifest.'),
      mediaType: str('MediaType defines the type of the manifest.'),
      manifestSize: int64('ManifestSize represents the size of the raw object contents, in bytes.'),
      architecture: str('Architecture specifies the supported CPU architecture.'),
      os: str('OS specifies the operating system.'),
      variant: str('Variant is an optional field repreenting a variant of the CPU.'),
    },
    ['digest', 'mediaType', 'manifestSize', 'architecture', 'os'],
  ),
};
