/**
 * `--allowed-registries` at write time, as OpenShift's ValidateImageStreamWithWhitelister: a spec
 * tag (or `spec.dockerImageRepository`) pointing at a registry outside the list is a 422 with a
 * Forbidden cause, instead of a stored tag whose import then fails. Only new or changed sources
 * are checked, so narrowing the list never blocks edits of unrelated tags. Pure: the list's
 * answer comes in as `notAllowed` (the message, or undefined when the registry is allowed).
 */
import { normalizeDockerImageReference } from '../docker-reference.js';
import { fieldForbidden } from '../field-errors.js';
import type { StatusCause } from '../status-error.js';
import type { ImageStream, TagReference } from '../types.js';

export type RegistryCheck = (registry: string) => string | undefined;
export type StreamAdmission = (next: ImageStream, old: ImageStream | undefined) => StatusCause[];

function registryOf(name: string): string | undefined {
  try {
    return normalizeDockerImageReference(name).registry;
  } catch {
    // an unparseable name is the validator's cause, not this one's
    return undefined;
  }
}

function forbiddenAt(field: string, name: string, notAllowed: RegistryCheck): StatusCause[] {
  const registry = registryOf(name);
  const message = registry === undefined ? undefined : notAllowed(registry);
  return message === undefined ? [] : [fieldForbidden(field, message)];
}

function unchanged(ref: TagReference, old: ImageStream | undefined): boolean {
  const before = old?.spec.tags?.find((t) => t.name === ref.name);
  return (
    before?.from?.kind === ref.from?.kind &&
    before?.from?.name === ref.from?.name &&
    Boolean(before?.importPolicy?.insecure) === Boolean(ref.importPolicy?.insecure)
  );
}

export function registryWhitelistCauses(
  next: ImageStream,
  old: ImageStream | undefined,
  notAllowed: RegistryCheck | undefined,
): StatusCause[] {
  if (!notAllowed) return [];
  const causes: StatusCause[] = [];
  const repo = next.spec.dockerImageRepository;
  if (repo && repo !== old?.spec.dockerImageRepository)
    causes.push(...forbiddenAt('spec.dockerImageRepository', repo, notAllowed));
  for (const ref of next.spec.tags ?? []) {
    if (ref.from?.kind !== 'DockerImage' || !ref.from.name || unchanged(ref, old)) continue;
    causes.push(...forbiddenAt(`spec.tags[${ref.name}].from.name`, ref.from.name, notAllowed));
  }
  return causes;
}

/** The same causes on the field of a tag view: `tag.from.name` (ImageStreamTag), `spec.from.name` (ImageTag). */
export function retargetTagCauses(causes: StatusCause[], tag: string, prefix: string): StatusCause[] {
  const own = `spec.tags[${tag}].`;
  return causes.map((c) =>
    c.field?.startsWith(own) ? { ...c, field: `${prefix}.${c.field.slice(own.length)}` } : c,
  );
}
