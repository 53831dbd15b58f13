/**
 * Names of streams, namespaces and tags, and the compound names of the virtual resources
 * (`stream:tag`, `stream@digest`), with OpenShift's rules and messages.
 */
import { badRequest } from './status-error.js';

const IMAGE_STREAM_NAME_PATTERN = '[a-z0-9]+(?:[._-][a-z0-9]+)*';
const IMAGE_STREAM_NAME_RE = new RegExp(`^${IMAGE_STREAM_NAME_PATTERN}$`);
/** `namespace/name` must fit a Docker repository name (distribution's NameTotalLengthMax). */
export const MAX_NAMESPACED_NAME_LENGTH = 255;

const TAG_NAME_PATTERN = '[\\w][\\w.-]{0,127}';
const TAG_NAME_RE = new RegExp(`^${TAG_NAME_PATTERN}$`);

const DNS1123_LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_MAX = 63;

/** Kubernetes' ValidatePathSegmentName: names that can be a URL path segment. */
export function validatePathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const reasons: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) reasons.push(`may not contain '${bad}'`);
  return reasons;
}

/** Reasons `name` is not a valid image stream name; empty when valid. */
export function validateImageStreamName(name: string): string[] {
  const reasons = validatePathSegmentName(name);
  if (reasons.length > 0) return reasons;
  if (!IMAGE_STREAM_NAME_RE.test(name)) return [`must match "${IMAGE_STREAM_NAME_PATTERN}"`];
  return [];
}

/** Reasons `namespace` is not a DNS-1123 label; empty when valid. */
export function validateNamespaceName(namespace: string): string[] {
  const reasons: string[] = [];
  if (namespace.length > DNS1123_LABEL_MAX)
    reasons.push(`must be no more than ${DNS1123_LABEL_MAX} characters`);
  if (!DNS1123_LABEL_RE.test(namespace)) {
    reasons.push(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  }
  return reasons;
}

/** Reasons `tag` is not a valid tag name (`oc tag`'s rule, enforced by this server too). */
export function validateTagName(tag: string): string[] {
  if (tag.length > 128) return ['must be no more than 128 characters'];
  if (!TAG_NAME_RE.test(tag)) return [`must match "${TAG_NAME_PATTERN}"`];
  return [];
}

export interface StreamTagName {
  stream: string;
  tag: string;
}

export interface StreamImageName {
  stream: string;
  /** a digest or a digest prefix, as the client wrote it */
  digest: string;
}

/** `stream:tag`, or undefined when the text is not exactly that (library-go ParseImageStreamTagName). */
export function splitStreamTagName(name: string): StreamTagName | undefined {
  if (name.includes('@')) return undefined;
  const parts = name.split(':');
  if (parts.length !== 2) return undefined;
  const [stream = '', tag = ''] = parts;
  return stream && tag ? { stream, tag } : undefined;
}

/** `stream@id`, or undefined when the text is not exactly that (library-go ParseImageStreamImageName). */
function splitStreamImageName(name: string): StreamImageName | undefined {
  const parts = name.split('@');
  if (parts.length !== 2) return undefined;
  const [stream = '', digest = ''] = parts;
  return stream && digest ? { stream, digest } : undefined;
}

/** The name of an ImageStreamTag; 400 Bad Request as OpenShift answers a malformed one. */
export function parseImageStreamTagName(name: string): StreamTagName {
  const parsed = splitStreamTagName(name);
  if (!parsed) throw badRequest('ImageStreamTags must be retrieved with <name>:<tag>');
  return parsed;
}

/** The name of an ImageTag; 400 Bad Request when malformed. */
export function parseImageTagName(name: string): StreamTagName {
  const parsed = splitStreamTagName(name);
  if (!parsed) throw badRequest('ImageTags must be retrieved with <name>:<tag>');
  return parsed;
}

/** The name of an ImageStreamImage; 400 Bad Request when malformed. */
export function parseImageStreamImageName(name: string): StreamImageName {
  const parsed = splitStreamImageName(name);
  if (!parsed) throw badRequest('ImageStreamImages must be retrieved with <name>@<id>');
  return parsed;
}

export function imageStreamTagName(stream: string, tag: string): string {
  return `${stream}:${tag}`;
}

export function imageStreamImageName(stream: string, digest: string): string {
  return `${stream}@${digest}`;
}
