/** Validation of the virtual resources' input (OpenShift's ValidateImageStreamTag/Mapping/Import). */
import { parseDockerImageReference } from '../docker-reference.js';
import { fieldInvalid, fieldRequired } from '../field-errors.js';
import {
  splitStreamTagName,
  validateImageStreamName,
  validatePathSegmentName,
  validateTagName,
} from '../names.js';
import { semanticEqual } from '../semantic-equal.js';
import type { StatusCause } from '../status-error.js';
import type {
  ImageImportSpec,
  ImageStreamImport,
  ImageStreamMapping,
  ImageStreamTag,
  ImageTag,
  RepositoryImportSpec,
} from '../types.js';
import { validateImage } from './image.js';
import { validateObjectMeta } from './object-meta.js';
import { validateTagReference } from './tag-reference.js';

function streamTagName(name: string): string[] {
  const reasons = validatePathSegmentName(name);
  if (reasons.length > 0) return reasons;
  return splitStreamTagName(name) ? [] : ['must be of the form <stream>:<tag>'];
}

function streamOf(name: string): string {
  return splitStreamTagName(name)?.stream ?? name;
}

export function validateImageStreamTag(ist: ImageStreamTag): StatusCause[] {
  const causes = validateObjectMeta(ist.metadata, true, streamTagName);
  if (ist.tag) {
    causes.push(
      ...validateTagReference({ ...ist.tag, name: ist.tag.name || 'x' }, streamOf(ist.metadata.name), 'tag'),
    );
    if (ist.tag.annotations && !semanticEqual(ist.tag.annotations, ist.metadata.annotations ?? {})) {
      causes.push(
        fieldInvalid(
          'tag.annotations',
          'map[string]string',
          'tag annotations must not be provided or must be equal to the object meta annotations',
        ),
      );
    }
  }
  return causes;
}

export function validateImageTag(itag: ImageTag): StatusCause[] {
  const causes = validateObjectMeta(itag.metadata, true, streamTagName);
  if (itag.spec)
    causes.push(
      ...validateTagReference(
        { ...itag.spec, name: itag.spec.name || 'x' },
        streamOf(itag.metadata.name),
        'spec',
      ),
    );
  return causes;
}

export function validateImageStreamMapping(mapping: ImageStreamMapping): StatusCause[] {
  const causes = validateObjectMeta(mapping.metadata, true, validateImageStreamName);
  if (!mapping.tag) causes.push(fieldRequired('tag'));
  else
    for (const reason of validateTagName(mapping.tag)) causes.push(fieldInvalid('tag', mapping.tag, reason));
  causes.push(...validateImage(mapping.image, 'image'));
  return causes;
}

function validateImportSource(
  spec: ImageImportSpec | RepositoryImportSpec,
  path: string,
  repository: boolean,
): StatusCause[] {
  const from = spec.from;
  if (from.kind !== 'DockerImage')
    return [fieldInvalid(`${path}.from.kind`, from.kind, 'only DockerImage is supported')];
  if (!from.name) return [fieldRequired(`${path}.from.name`)];
  try {
    const ref = parseDockerImageReference(from.name);
    if (repository && (ref.tag !== undefined || ref.digest !== undefined)) {
      return [
        fieldInvalid(`${path}.from.name`, from.name, 'you must specify an image repository, not a tag or ID'),
      ];
    }
    if (!repository && ref.digest !== undefined && spec.importPolicy?.scheduled) {
      return [fieldInvalid(`${path}.from.name`, from.name, 'only tags can be scheduled for import')];
    }
    return [];
  } catch (e) {
    return [fieldInvalid(`${path}.from.name`, from.name, (e as Error).message)];
  }
}

export function validateImageStreamImport(isi: ImageStreamImport): StatusCause[] {
  const causes: StatusCause[] = [];
  (isi.spec.images ?? []).forEach((spec, i) => {
    const path = `spec.images[${i}]`;
    if (spec.to && !spec.to.name && spec.from.kind === 'DockerImage') {
      causes.push(
        fieldInvalid(`${path}.to.name`, spec.to.name, 'the name of the target tag must be specified'),
      );
    } else if (spec.to?.name) {
      for (const reason of validateTagName(spec.to.name))
        causes.push(fieldInvalid(`${path}.to.name`, spec.to.name, reason));
    }
    causes.push(...validateImportSource(spec, path, false));
  });
  if (isi.spec.repository) causes.push(...validateImportSource(isi.spec.repository, 'spec.repository', true));
  if (!isi.spec.images?.length && !isi.spec.repository) {
    causes.push(
      fieldInvalid('spec.images', null, 'you must specify at least one image or a repository import'),
    );
  }
  causes.push(...validateObjectMeta(isi.metadata, true, validateImageStreamName));
  return causes;
}
