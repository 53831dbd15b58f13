/** OpenAPI schemas of the image.openshift.io/v1 kinds that are views or verbs on streams (and ImageStreamImport). */
import {
  CORE,
  IMAGE,
  arr,
  bool,
  free,
  int64,
  kindSchema,
  obj,
  ref,
  str,
  type JsonSchema,
} from './schema-builders.js';

const gvk = (kind: string) => ({ group: 'image.openshift.io', version: 'v1', kind });

export const VIRTUAL_SCHEMAS: Record<string, JsonSchema> = {
  [IMAGE + 'ImageStreamTag']: kindSchema(
    'ImageStreamTag represents an Image that is retrieved by tag name from an ImageStream.',
    gvk('ImageStreamTag'),
    {
      tag: ref(
        IMAGE + 'TagReference',
        'tag is the spec tag associated with this image stream tag, and it may be null if only pushes have occurred to this image stream.',
      ),
      generation: int64('generation is the current generation of the tagged image.'),
      lookupPolicy: ref(
        IMAGE + 'ImageLookupPolicy',
        'lookupPolicy indicates whether this tag will handle image references in this namespace.',
      ),
      conditions: arr(
        ref(IMAGE + 'TagEventCondition'),
        'conditions is an array of conditions that apply to the image stream tag.',
      ),
      image: ref(IMAGE + 'Image', 'image associated with the ImageStream and tag.'),
    },
  ),
  [IMAGE + 'ImageTag']: kindSchema(
    'ImageTag represents a single tag within an image stream and includes the spec, the status history, and the currently referenced image (if any) of the provided tag.',
    gvk('ImageTag'),
    {
      spec: ref(IMAGE + 'TagReference', 'spec is the spec tag associated with this image stream tag.'),
      status: ref(
        IMAGE + 'NamedTagEventList',
        'status is the status tag details associated with this image stream tag.',
      ),
      image: ref(IMAGE + 'Image', 'image is the details of the most recent image stream status tag.'),
    },
  ),
  [IMAGE + 'ImageStreamImage']: kindSchema(
    'ImageStreamImage represents an Image that is retrieved by image name from an ImageStream.',
    gvk('ImageStreamImage'),
    {
      image: ref(IMAGE + 'Image', 'image associated with the ImageStream and image name.'),
    },
  ),
  [IMAGE + 'ImageStreamMapping']: kindSchema(
    'ImageStreamMapping represents a mapping from a single image stream tag to a container image as well as the reference to the container image stream the image came from.',
    gvk('ImageStreamMapping'),
    {
      image: ref(IMAGE + 'Image', 'image is a container image.'),
      tag: str('tag is a string value this image can be located with inside the stream.'),
    },
    ['image', 'tag'],
  ),
  [IMAGE + 'ImageStreamImport']: kindSchema(
    'The image stream import resource provides an easy way for a user to find and import container images from other container image registries into the server. Create-only; `spec.import: false` is a dry run.',
    gvk('ImageStreamImport'),
    {
      spec: obj(
        'ImageStreamImportSpec defines what images should be imported.',
        {
          import: bool(
            'Import indicates whether to perform an import - if so, the specified tags are set on the spec and status of the image stream defined by the type meta.',
          ),
          repository: obj(
            'RepositoryImportSpec describes a request to import images from a container image repository.',
            {
              from: ref(
                CORE + 'ObjectReference',
                'From is the source for the image repository to import; only kind DockerImage and a name of a container image repository is allowed',
              ),
              importPolicy: ref(
                IMAGE + 'TagImportPolicy',
                'ImportPolicy is the policy controlling how the image is imported',
              ),
              referencePolicy: ref(
                IMAGE + 'TagReferencePolicy',
                'ReferencePolicy defines how other components should consume the image',
              ),
              includeManifest: bool(
                'IncludeManifest determines if the manifest for each image is returned in the response',
              ),
            },
          ),
          images: arr(
            obj('ImageImportSpec describes a request to import a specific image.', {
              from: ref(
                CORE + 'ObjectReference',
                'From is the source of an image to import; only kind DockerImage is allowed',
              ),
              to: obj('LocalObjectReference: the tag to import into.', {
                name: str('Name of the referent.'),
              }),
              importPolicy: ref(
                IMAGE + 'TagImportPolicy',
                'ImportPolicy is the policy controlling how the image is imported',
              ),
              referencePolicy: ref(
                IMAGE + 'TagReferencePolicy',
                'ReferencePolicy defines how other components should consume the image',
              ),
              includeManifest: bool(
                'IncludeManifest determines if the manifest for each image is returned in the response',
              ),
            }),
            'Images are a list of individual images to import.',
          ),
        },
        ['import'],
      ),
      status: free(
        'ImageStreamImportStatus contains information about the status of an image stream import (set by the server).',
      ),
    },
  ),
};
