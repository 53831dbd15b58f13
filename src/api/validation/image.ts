/** Image validation: named by its digest, with a parseable dockerImageReference. */
import { digestProblem } from '../digest.js';
import { parseDockerImageReference } from '../docker-reference.js';
import { fieldInvalid, fieldRequired } from '../field-errors.js';
import type { StatusCause } from '../status-error.js';
import type { Image } from '../types.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';

function imageName(name: string): string[] {
  const problem = digestProblem(name);
  return problem ? [`must be an image digest (e.g. sha256:<64 hex characters>): ${problem}`] : [];
}

/** `path` prefixes the fields when the image is embedded (e.g. `image` in an ImageStreamMapping). */
export function validateImage(image: Image, path = ''): StatusCause[] {
  const p = (f: string) => (path ? `${path}.${f}` : f);
  const causes: StatusCause[] = validateObjectMeta(image.metadata, false, imageName).map((c) => ({
    ...c,
    field: p(c.field ?? ''),
  }));
  if (!image.dockerImageReference) {
    causes.push(fieldRequired(p('dockerImageReference')));
  } else {
    try {
      parseDockerImageReference(image.dockerImageReference);
    } catch (e) {
      causes.push(fieldInvalid(p('dockerImageReference'), image.dockerImageReference, (e as Error).message));
    }
  }
  return causes;
}

export function validateImageUpdate(image: Image, old: Image): StatusCause[] {
  return [...validateObjectMetaUpdate(image.metadata, old.metadata), ...validateImage(image)];
}
