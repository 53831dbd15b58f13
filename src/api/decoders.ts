/**
 * Decoders for the virtual resources' input: schema, defaults, validation; 422 Invalid naming
 * each bad field, 400 for a body of another kind.
 */
import { IMAGE_API_GROUP, ImageResource } from './constants.js';
import { decodeWith } from './decode.js';
import { defaultTagReference } from './defaults.js';
import { parseDockerImageReference } from './docker-reference.js';
import { ImageStreamImportSchema } from './schema/image-stream-import.js';
import { ImageStreamMappingSchema, ImageStreamTagSchema, ImageTagSchema } from './schema/virtual.js';
import { invalid, type StatusCause } from './status-error.js';
import type {
  ImageImportSpec,
  ImageStreamImport,
  ImageStreamMapping,
  ImageStreamTag,
  ImageTag,
} from './types.js';
import {
  validateImageStreamImport,
  validateImageStreamMapping,
  validateImageStreamTag,
  validateImageTag,
} from './validation/virtual.js';

type VirtualKind = 'ImageStreamTag' | 'ImageTag' | 'ImageStreamMapping' | 'ImageStreamImport';

function target(kind: VirtualKind) {
  return { kind, group: IMAGE_API_GROUP, resource: ImageResource[kind] };
}

function check<T extends { metadata: { name: string } }>(
  kind: VirtualKind,
  object: T,
  causes: StatusCause[],
): T {
  if (causes.length > 0) throw invalid({ ...target(kind), name: object.metadata.name }, causes);
  return object;
}

export function decodeImageStreamTag(input: unknown): ImageStreamTag {
  const ist = decodeWith(ImageStreamTagSchema, target('ImageStreamTag'), input);
  if (ist.tag) ist.tag = defaultTagReference(ist.tag);
  return check('ImageStreamTag', ist, validateImageStreamTag(ist));
}

export function decodeImageTag(input: unknown): ImageTag {
  const itag = decodeWith(ImageTagSchema, target('ImageTag'), input);
  if (itag.spec) itag.spec = defaultTagReference(itag.spec);
  return check('ImageTag', itag, validateImageTag(itag));
}

export function decodeImageStreamMapping(input: unknown): ImageStreamMapping {
  const mapping = decodeWith(ImageStreamMappingSchema, target('ImageStreamMapping'), input);
  return check('ImageStreamMapping', mapping, validateImageStreamMapping(mapping));
}

/** OpenShift's SetDefaults_ImageImportSpec: `to` defaults to the tag of `from`. */
function defaultImageImportSpec(spec: ImageImportSpec): ImageImportSpec {
  const out: ImageImportSpec = {
    ...spec,
    importPolicy: { ...spec.importPolicy, importMode: spec.importPolicy?.importMode ?? 'Legacy' },
    referencePolicy: { type: spec.referencePolicy?.type ?? 'Source' },
  };
  if (!spec.to && spec.from.kind === 'DockerImage') {
    try {
      const tag = parseDockerImageReference(spec.from.name).tag;
      if (tag) out.to = { name: tag };
    } catch {
      // validation reports the bad reference
    }
  }
  return out;
}

export function decodeImageStreamImport(input: unknown): ImageStreamImport {
  const isi = decodeWith(ImageStreamImportSchema, target('ImageStreamImport'), input);
  if (isi.spec.images) isi.spec.images = isi.spec.images.map(defaultImageImportSpec);
  const repo = isi.spec.repository;
  if (repo) {
    isi.spec.repository = {
      ...repo,
      importPolicy: { ...repo.importPolicy, importMode: repo.importPolicy?.importMode ?? 'Legacy' },
      referencePolicy: { type: repo.referencePolicy?.type ?? 'Source' },
    };
  }
  return check('ImageStreamImport', isi, validateImageStreamImport(isi));
}
