/**
 * Container image references, with the grammar of github.com/distribution/reference.
 *
 * Which function to use where:
 * - `parseDockerImageReference`: validate and split what a user wrote (a spec tag's `from.name`,
 *   `spec.dockerImageRepository`, a history item) without adding defaults. OpenShift stores spec
 *   references as written, so `nginx` stays `nginx` in spec.
 * - `normalizeDockerImageReference`: what Docker would pull (`nginx` -> docker.io/library/nginx:latest);
 *   use it to decide which registry and repository to talk to.
 * - `parseDockerRef`: like Docker's ParseDockerRef, a digest wins over a tag (the tag is dropped).
 * - `withDigest`: the reference recorded in history and on Images: `registry/repository@sha256:…`.
 */
import { DIGEST_PATTERN, digestProblem } from './digest.js';

export interface DockerImageReference {
  /** host[:port]; '' when the reference names none (only from `parseDockerImageReference`) */
  registry: string;
  /** the path without the registry, e.g. `library/nginx` */
  repository: string;
  tag?: string;
  digest?: string;
}

/** The user's fault: the text is not an image reference. The message says why. */
export class InvalidReferenceError extends Error {
  readonly input: string;
  constructor(input: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidReferenceError';
    this.input = input;
  }
}

const NAME_TOTAL_LENGTH_MAX = 255;
const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO_PREFIX = 'library/';

const ALPHANUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = DIGEST_PATTERN;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;

const REFERENCE_RE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const PATH_COMPONENT_RE = new RegExp(`^${PATH_COMPONENT}$`);
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);
const TAG_RE = new RegExp(`^${TAG}$`);
const HEX64_RE = /^[a-f0-9]{64}$/;

/** The first component is a registry host when it looks like one (distribution's splitDockerDomain). */
function looksLikeDomain(first: string): boolean {
  return /[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first;
}

function split(name: string): { registry: string; repository: string } {
  const slash = name.indexOf('/');
  if (slash === -1 || !looksLikeDomain(name.slice(0, slash))) return { registry: '', repository: name };
  return { registry: name.slice(0, slash), repository: name.slice(slash + 1) };
}

/** Parses a reference as written, without defaults; throws InvalidReferenceError. */
export function parseDockerImageReference(input: string): DockerImageReference {
  if (input === '')
    throw new InvalidReferenceError(input, 'repository name must have at least one component');
  const m = REFERENCE_RE.exec(input);
  if (!m) throw new InvalidReferenceError(input, explainInvalid(input));
  const name = m[1] ?? '';
  if (name.length > NAME_TOTAL_LENGTH_MAX) {
    throw new InvalidReferenceError(
      input,
      `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`,
    );
  }
  const ref: DockerImageReference = split(name);
  if (m[2] !== undefined) ref.tag = m[2];
  if (m[3] !== undefined) {
    const problem = digestProblem(m[3]);
    if (problem) throw new InvalidReferenceError(input, problem);
    ref.digest = m[3];
  }
  return ref;
}

/** Splits `name[:tag][@digest]` loosely, to say which part is wrong. */
function looseParts(input: string): { name: string; tag?: string; digest?: string } {
  let rest = input;
  let digest: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    return {
      name: rest.slice(0, colon),
      tag: rest.slice(colon + 1),
      ...(digest !== undefined ? { digest } : {}),
    };
  }
  return { name: rest, ...(digest !== undefined ? { digest } : {}) };
}

function explainName(name: string): string | undefined {
  if (name === '') return 'repository name must have at least one component';
  const { registry, repository } = split(name);
  if (registry && !DOMAIN_RE.test(registry)) return `"${registry}" is not a valid registry host`;
  for (const component of repository.split('/')) {
    if (!PATH_COMPONENT_RE.test(component)) {
      return `repository path component "${component}" must be lowercase letters and digits, separated by '.', '_', '__' or '-'`;
    }
  }
  return undefined;
}

function explainTag(tag: string): string | undefined {
  if (tag.length > 128) return `tag must not be longer than 128 characters (got ${tag.length})`;
  if (!TAG_RE.test(tag)) return `invalid tag format: tag "${tag}" must match [\\w][\\w.-]{0,127}`;
  return undefined;
}

function explainInvalid(input: string): string {
  if (REFERENCE_RE.test(input.toLowerCase())) {
    return `invalid reference format: repository name must be lowercase (${JSON.stringify(input)})`;
  }
  const parts = looseParts(input);
  const problem =
    (parts.digest !== undefined ? digestProblem(parts.digest) : undefined) ??
    (parts.tag !== undefined ? explainTag(parts.tag) : undefined) ??
    explainName(parts.name);
  return `invalid reference format${problem ? `: ${problem}` : ''} (${JSON.stringify(input)})`;
}

/** distribution's splitDockerDomain: the registry Docker would use and the rest of the text. */
function splitDockerDomain(input: string): { domain: string; remainder: string } {
  const slash = input.indexOf('/');
  let domain = DEFAULT_DOMAIN;
  let remainder = input;
  if (slash !== -1 && looksLikeDomain(input.slice(0, slash))) {
    domain = input.slice(0, slash);
    remainder = input.slice(slash + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = OFFICIAL_REPO_PREFIX + remainder;
  return { domain, remainder };
}

/**
 * What Docker would pull: distribution's ParseNormalizedNamed plus TagNameOnly (docker.io for a
 * name without a registry, `library/` for a one-component Docker Hub name, `latest` when there is
 * neither tag nor digest). A tag next to a digest is kept.
 */
export function normalizeDockerImageReference(input: string): DockerImageReference {
  if (HEX64_RE.test(input)) {
    throw new InvalidReferenceError(
      input,
      `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`,
    );
  }
  const { domain, remainder } = splitDockerDomain(input);
  const remoteName = remainder.split(/[:@]/, 1)[0] ?? '';
  if (remoteName.toLowerCase() !== remoteName) {
    throw new InvalidReferenceError(
      input,
      `invalid reference format: repository name must be lowercase (${JSON.stringify(remoteName)})`,
    );
  }
  let ref: DockerImageReference;
  try {
    ref = parseDockerImageReference(`${domain}/${remainder}`);
  } catch (e) {
    // report against what the user wrote, not our expansion of it
    if (e instanceof InvalidReferenceError)
      throw new InvalidReferenceError(input, e.message.replace(`${domain}/${remainder}`, input), {
        cause: e,
      });
    throw e;
  }
  if (ref.tag === undefined && ref.digest === undefined) ref.tag = 'latest';
  return ref;
}

/** Docker's ParseDockerRef: normalized, and a digest wins over a tag. */
export function parseDockerRef(input: string): DockerImageReference {
  const ref = normalizeDockerImageReference(input);
  if (ref.digest !== undefined) delete ref.tag;
  return ref;
}

/** `registry/repository` (just `repository` when there is no registry). */
export function repositoryOf(ref: DockerImageReference): string {
  return ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
}

export function formatDockerImageReference(ref: DockerImageReference): string {
  const tag = ref.tag !== undefined ? `:${ref.tag}` : '';
  const digest = ref.digest !== undefined ? `@${ref.digest}` : '';
  return `${repositoryOf(ref)}${tag}${digest}`;
}

/** `registry/repository@digest`: the by-digest reference of history items and Images. */
export function withDigest(ref: DockerImageReference | string, digest: string): string {
  const parsed = typeof ref === 'string' ? parseDockerImageReference(ref) : ref;
  return `${repositoryOf(parsed)}@${digest}`;
}

/** The (valid) digest of a `REPO@sha256:…` reference; undefined for a tag reference or unparseable text. */
export function referenceDigest(reference: string): string | undefined {
  try {
    return parseDockerImageReference(reference).digest;
  } catch {
    return undefined;
  }
}
