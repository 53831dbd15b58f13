/**
 * The image references an import accepts, normalised as Docker does (`nginx` is
 * `docker.io/library/nginx:latest`), split into what the registry client needs. Parsing is the
 * API's (src/api/docker-reference.ts), so the importer and validation agree on the grammar.
 */
import { normalizeDockerImageReference, type DockerImageReference } from '../api/docker-reference.js';

export type ImportReference = DockerImageReference;

/** Parses and normalises a reference; throws InvalidReferenceError saying what is wrong with it. */
export function parseImportReference(text: string): ImportReference {
  const input = text.trim();
  if (input === '') throw new Error('the image reference is empty');
  return normalizeDockerImageReference(input);
}

/** `registry/repository[:tag][@digest]` */
export function exactReference(ref: ImportReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The same repository with another tag and no digest. */
export function withTag(ref: ImportReference, tag: string): ImportReference {
  return { registry: ref.registry, repository: ref.repository, tag };
}
