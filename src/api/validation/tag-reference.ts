/** A spec tag (TagReference): OpenShift's ValidateImageStreamTagReference plus tag-name syntax. */
import { IMPORT_MODES, REFERENCE_POLICY_TYPES } from '../constants.js';
import { parseDockerImageReference } from '../docker-reference.js';
import { fieldInvalid, fieldNotSupported, fieldRequired } from '../field-errors.js';
import { validateTagName } from '../names.js';
import { parseFromReference } from '../spec-tags.js';
import type { StatusCause } from '../status-error.js';
import type { TagReference } from '../types.js';
import { validateTagPolicy } from './tag-policy.js';

const KINDS_DETAIL = "valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'";
const SCHEDULED_DETAIL = 'only tags pointing to Docker repositories may be scheduled for background import';
const FORM_DETAIL = 'must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>';

function validateDockerFrom(ref: TagReference, name: string, path: string): StatusCause[] {
  if (name === '') return [];
  try {
    const parsed = parseDockerImageReference(name);
    if (parsed.digest !== undefined && ref.importPolicy?.scheduled)
      return [fieldInvalid(`${path}.from.name`, name, 'only tags can be scheduled for import')];
    return [];
  } catch (e) {
    return [fieldInvalid(`${path}.from.name`, name, (e as Error).message)];
  }
}

function validateStreamFrom(
  ref: TagReference,
  from: { kind: string; name: string },
  streamName: string,
  path: string,
): StatusCause[] {
  const causes: StatusCause[] = [];
  if (ref.importPolicy?.scheduled)
    causes.push(fieldInvalid(`${path}.importPolicy.scheduled`, true, SCHEDULED_DETAIL));
  if (from.name !== '' && !parseFromReference(streamName, from))
    causes.push(fieldInvalid(`${path}.from.name`, from.name, FORM_DETAIL));
  return causes;
}

function validateKind(
  ref: TagReference,
  from: { kind: string; name: string },
  streamName: string,
  path: string,
): StatusCause[] {
  switch (from.kind) {
    case 'DockerImage':
      return validateDockerFrom(ref, from.name, path);
    case 'ImageStreamTag':
    case 'ImageStreamImage':
      return validateStreamFrom(ref, from, streamName, path);
    default:
      // OpenShift's wording for any other kind, empty or not: "Required value: valid values are …"
      return [fieldRequired(`${path}.from.kind`, KINDS_DETAIL)];
  }
}

function validateFrom(ref: TagReference, streamName: string, path: string): StatusCause[] {
  const from = ref.from;
  if (!from) return [];
  const causes: StatusCause[] = from.name === '' ? [fieldRequired(`${path}.from.name`)] : [];
  return [...causes, ...validateKind(ref, from, streamName, path)];
}

function validatePolicies(ref: TagReference, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  const type = ref.referencePolicy?.type;
  if (type !== undefined && !(REFERENCE_POLICY_TYPES as readonly string[]).includes(type)) {
    causes.push(fieldNotSupported(`${path}.referencePolicy.type`, type, REFERENCE_POLICY_TYPES));
  }
  const mode = ref.importPolicy?.importMode;
  if (mode !== undefined && !(IMPORT_MODES as readonly string[]).includes(mode)) {
    causes.push(fieldNotSupported(`${path}.importPolicy.importMode`, mode, IMPORT_MODES));
  }
  return causes;
}

/** Causes for one spec tag at `path` (e.g. `spec.tags[0]`). */
export function validateTagReference(ref: TagReference, streamName: string, path: string): StatusCause[] {
  const causes: StatusCause[] = [];
  if (ref.name === '') causes.push(fieldRequired(`${path}.name`));
  else
    for (const reason of validateTagName(ref.name))
      causes.push(fieldInvalid(`${path}.name`, ref.name, reason));
  return [
    ...causes,
    ...validateFrom(ref, streamName, path),
    ...validatePolicies(ref, path),
    ...validateTagPolicy(ref, path),
  ];
}
