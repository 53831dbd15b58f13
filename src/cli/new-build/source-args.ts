/**
 * The arguments of `isctl new-build` that name things, parsed as oc parses them: a Git URL (its
 * `#fragment` is the ref), `BUILDER~GIT_URL`, and image stream references `[NS/]NAME[:TAG]`.
 * Pure; bad input is a CliError that says what is accepted.
 */
import { CliError } from '../errors.js';

export interface GitSource {
  uri: string;
  ref?: string;
}

export interface StreamTagRef {
  kind: 'ImageStreamTag';
  /** `NAME:TAG` */
  name: string;
  namespace?: string;
}

const GIT_URL = /^(https?|git|ssh|file):\/\/\S+$|^[\w.-]+@[\w.-]+:\S+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function parseGitUrl(text: string): GitSource {
  if (!GIT_URL.test(text))
    throw new CliError(
      `"${text}" is not a Git URL (http(s)://, git://, ssh://, file:// or user@host:path); a local directory is built with --binary and start-build --from-dir`,
    );
  const hash = text.indexOf('#');
  if (hash < 0) return { uri: text };
  const ref = text.slice(hash + 1);
  return { uri: text.slice(0, hash), ...(ref ? { ref } : {}) };
}

/** `ruby`, `ruby:3.3`, `openshift/ruby:3.3` -> the ImageStreamTag (tag `latest` when none) */
export function parseStreamTag(text: string, flag: string): StreamTagRef {
  const m = /^(?:([a-z0-9][-a-z0-9]*)\/)?([a-z0-9][-a-z0-9._]*)(?::([\w][\w.-]*))?$/.exec(text);
  if (!m?.[2]) throw new CliError(`${flag} "${text}": expected [NAMESPACE/]NAME[:TAG]`);
  return {
    kind: 'ImageStreamTag',
    name: `${m[2]}:${m[3] ?? 'latest'}`,
    ...(m[1] ? { namespace: m[1] } : {}),
  };
}

export interface SourceArg {
  git: GitSource;
  builder?: StreamTagRef;
}

/** one positional: GIT_URL or BUILDER~GIT_URL */
export function parseSourceArg(text: string): SourceArg {
  const tilde = text.indexOf('~');
  if (tilde < 0) return { git: parseGitUrl(text) };
  return {
    builder: parseStreamTag(text.slice(0, tilde), 'the builder of BUILDER~GIT_URL'),
    git: parseGitUrl(text.slice(tilde + 1)),
  };
}

/** oc's name from a Git URL: the last path segment without `.git`, when it is a valid name */
export function nameFromGitUrl(uri: string): string | undefined {
  const path = uri.replace(/^[\w.-]+@[\w.-]+:/, '/').replace(/^\w+:\/\/[^/]*/, '');
  const base = path
    .replace(/\/+$/, '')
    .split('/')
    .pop()
    ?.replace(/\.git$/, '')
    .toLowerCase();
  return base && DNS_LABEL.test(base) ? base : undefined;
}

export function checkName(name: string): string {
  if (!DNS_LABEL.test(name) || name.length > 63)
    throw new CliError(
      `--name "${name}": must be lowercase letters, digits and '-', start and end with a letter or digit, at most 63 characters`,
    );
  return name;
}
