/** ImageStream validation (OpenShift's ValidateImageStream, plus server-side tag-name checks). */
import { parseDockerImageReference } from '../docker-reference.js';
import { fieldDuplicate, fieldInvalid, fieldRequired } from '../field-errors.js';
import { MAX_NAMESPACED_NAME_LENGTH, validateImageStreamName } from '../names.js';
import type { StatusCause } from '../status-error.js';
import type { ImageStream, NamedTagEventList } from '../types.js';
import { validateCosignKeyAnnotation } from './cosign-key.js';
import { validateCosignRepositoryAnnotation } from './cosign-repository.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.js';
import { validateSigstoreIdentityAnnotations } from './sigstore-identity.js';
import { validateTagReference } from './tag-reference.js';

function validateRepository(stream: ImageStream): StatusCause[] {
  const repo = stream.spec.dockerImageRepository;
  if (!repo) return [];
  const field = 'spec.dockerImageRepository';
  try {
    const ref = parseDockerImageReference(repo);
    const causes: StatusCause[] = [];
    if (ref.tag !== undefined)
      causes.push(fieldInvalid(field, repo, 'the repository name may not contain a tag'));
    if (ref.digest !== undefined)
      causes.push(fieldInvalid(field, repo, 'the repository name may not contain an ID'));
    return causes;
  } catch (e) {
    return [fieldInvalid(field, repo, (e as Error).message)];
  }
}

function validateHistory(list: NamedTagEventList, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  (list.items ?? []).forEach((item, j) => {
    const field = `${path}.items[${j}].dockerImageReference`;
    if (!item.dockerImageReference) {
      causes.push(fieldRequired(field));
      return;
    }
    try {
      parseDockerImageReference(item.dockerImageReference);
    } catch (e) {
      causes.push(fieldInvalid(field, item.dockerImageReference, (e as Error).message));
    }
  });
  return causes;
}

function duplicates(names: string[], path: (i: number) => string): StatusCause[] {
  const seen = new Set<string>();
  const causes: StatusCause[] = [];
  names.forEach((n, i) => {
    if (seen.has(n)) causes.push(fieldDuplicate(path(i), n));
    seen.add(n);
  });
  return causes;
}

/** Status: every history item needs a parseable reference. */
function validateImageStreamStatus(stream: ImageStream): StatusCause[] {
  const tags = stream.status?.tags ?? [];
  return [
    ...duplicates(
      tags.map((t) => t.tag),
      (i) => `status.tags[${i}].tag`,
    ),
    ...tags.flatMap((list) => validateHistory(list, `status.tags[${list.tag}]`)),
  ];
}

export function validateImageStream(stream: ImageStream): StatusCause[] {
  const meta = stream.metadata;
  const causes = validateObjectMeta(meta, true, validateImageStreamName);
  if (`${meta.namespace ?? ''}/${meta.name}`.length > MAX_NAMESPACED_NAME_LENGTH) {
    causes.push(
      fieldInvalid(
        'metadata.name',
        meta.name,
        `'namespace/name' cannot be longer than ${MAX_NAMESPACED_NAME_LENGTH} characters`,
      ),
    );
  }
  causes.push(...validateRepository(stream));
  causes.push(...validateCosignKeyAnnotation(meta.annotations));
  causes.push(...validateSigstoreIdentityAnnotations(meta.annotations));
  causes.push(...validateCosignRepositoryAnnotation(meta.annotations));
  const tags = stream.spec.tags ?? [];
  causes.push(
    ...duplicates(
      tags.map((t) => t.name),
      (i) => `spec.tags[${i}].name`,
    ),
  );
  // OpenShift keeps tags in a map, so a field path names the tag: spec.tags[latest].from.name
  tags.forEach((ref) => causes.push(...validateTagReference(ref, meta.name, `spec.tags[${ref.name}]`)));
  causes.push(...validateImageStreamStatus(stream));
  return causes;
}

export function validateImageStreamUpdate(stream: ImageStream, old: ImageStream): StatusCause[] {
  return [...validateObjectMetaUpdate(stream.metadata, old.metadata), ...validateImageStream(stream)];
}
