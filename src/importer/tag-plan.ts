/**
 * The rules of `oc tag`, pure: how a source is recognised (registry host: docker; `@digest`:
 * image stream image; else image stream tag), which flags go with which source, the spec tag
 * written to each destination, and the message printed for it.
 */

import { SourceKind } from '../api/constants.js';
import { annotationsOf, tagPolicyFlagProblem } from './tag-plan-policy.js';

export { SourceKind };

export interface TagFlags {
  source?: string;
  alias?: boolean;
  scheduled?: boolean;
  insecure?: boolean;
  reference?: boolean;
  referencePolicy?: string;
  importMode?: string;
  /** `imagestreams.io/semver` */
  semver?: string;
  /** `imagestreams.io/tag-pattern` */
  tagPattern?: string;
  /** `imagestreams.io/tag-order` */
  tagOrder?: string;
  /** `imagestreams.io/min-age` */
  minAge?: string;
}

export interface TagSource {
  kind: SourceKind;
  /** as written to `from.name`: `reg/app:1`, `app:3.4`, `app@sha256:…` */
  name: string;
  namespace?: string;
  /** for image stream sources */
  stream?: string;
  tag?: string;
  digest?: string;
}

export interface TagDestination {
  namespace: string;
  stream: string;
  tag: string;
}

export class TagPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TagPlanError';
  }
}

const TAG_NAME = /^[\w][\w.-]{0,127}$/;
const KIND_BY_FLAG: Record<string, SourceKind> = {
  docker: SourceKind.DockerImage,
  dockerimage: SourceKind.DockerImage,
  istag: SourceKind.ImageStreamTag,
  imagestreamtag: SourceKind.ImageStreamTag,
  isimage: SourceKind.ImageStreamImage,
  imagestreamimage: SourceKind.ImageStreamImage,
};

function looksLikeRegistry(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const first = text.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

function inferKind(source: string): SourceKind {
  if (looksLikeRegistry(source)) return SourceKind.DockerImage;
  return source.includes('@') ? SourceKind.ImageStreamImage : SourceKind.ImageStreamTag;
}

function splitNamespace(text: string): { namespace?: string; rest: string } {
  const slash = text.indexOf('/');
  if (slash < 0) return { rest: text };
  return { namespace: text.slice(0, slash), rest: text.slice(slash + 1) };
}

export function parseTagSource(source: string, kindFlag: string | undefined): TagSource {
  let kind = inferKind(source);
  if (kindFlag) {
    const k = KIND_BY_FLAG[kindFlag.toLowerCase()];
    if (!k) throw new TagPlanError(`invalid source "${kindFlag}": must be one of docker, istag or isimage`);
    kind = k;
  }
  if (kind === SourceKind.DockerImage) return { kind, name: source };
  const { namespace, rest } = splitNamespace(source);
  const ns = namespace ? { namespace } : {};
  if (kind === SourceKind.ImageStreamImage) {
    const [stream = '', digest = ''] = rest.split('@');
    if (!stream || !digest) throw new TagPlanError(`"${source}" must be of the form <stream>@<id>`);
    return { kind, name: `${stream}@${digest}`, stream, digest, ...ns };
  }
  const [stream = '', tag = 'latest'] = rest.split(':');
  if (!stream) throw new TagPlanError(`"${source}" must be of the form <stream>:<tag>`);
  return { kind, name: `${stream}:${tag}`, stream, tag, ...ns };
}

export function parseTagDestination(dest: string, defaultNamespace: string): TagDestination {
  const { namespace, rest } = splitNamespace(dest);
  const [stream = '', tag = 'latest', extra] = rest.split(':');
  if (!stream || extra !== undefined || rest.includes('@')) {
    throw new TagPlanError(`invalid destination "${dest}": must be of the form [<namespace>/]<stream>:<tag>`);
  }
  if (!TAG_NAME.test(tag)) {
    throw new TagPlanError(`invalid tag "${tag}": must match ${TAG_NAME.source}`);
  }
  return { namespace: namespace ?? defaultNamespace, stream, tag };
}

/** Flag combinations oc refuses. */
export function checkTagFlags(
  source: TagSource,
  dests: readonly TagDestination[],
  flags: TagFlags,
  sourceNamespace: string,
): void {
  if (source.kind !== SourceKind.DockerImage) {
    if (flags.scheduled)
      throw new TagPlanError(
        'only tags pointing to container images may be scheduled for background import (--source=docker)',
      );
    if (flags.insecure)
      throw new TagPlanError('--insecure applies only to container image sources (--source=docker)');
    if (flags.semver || flags.tagPattern || flags.minAge)
      throw new TagPlanError(
        '--semver, --tag-pattern and --min-age apply only to container image sources (--source=docker)',
      );
  }
  const problem = tagPolicyFlagProblem(source, flags);
  if (problem) throw new TagPlanError(problem);
  if (flags.alias) {
    if (source.kind !== SourceKind.ImageStreamTag)
      throw new TagPlanError('--alias requires an image stream tag as the source');
    for (const d of dests) {
      if (d.namespace !== sourceNamespace || d.stream !== source.stream) {
        throw new TagPlanError('cannot set alias across different Image Streams');
      }
    }
  }
  checkPolicyFlags(flags);
}

function checkPolicyFlags(flags: TagFlags): void {
  if (flags.referencePolicy && !['source', 'local'].includes(flags.referencePolicy.toLowerCase())) {
    throw new TagPlanError(
      `reference-policy must be either "source" or "local", not "${flags.referencePolicy}"`,
    );
  }
  if (flags.importMode && !['Legacy', 'PreserveOriginal'].includes(flags.importMode)) {
    throw new TagPlanError(
      `valid ImportMode values are "Legacy" or "PreserveOriginal", not "${flags.importMode}"`,
    );
  }
}

export interface SpecTagShape {
  name: string;
  annotations?: Record<string, string> | null;
  from?: { kind: string; name: string; namespace?: string } | null;
  reference?: boolean;
  generation?: number | null;
  importPolicy?: { insecure?: boolean; scheduled?: boolean; importMode?: string } | null;
  referencePolicy?: { type?: string } | null;
  [k: string]: unknown;
}

function referencePolicyOf(flags: TagFlags, existing: SpecTagShape | undefined): string {
  if (!flags.referencePolicy) return existing?.referencePolicy?.type || 'Source';
  return flags.referencePolicy.toLowerCase() === 'local' ? 'Local' : 'Source';
}

function importPolicyOf(
  flags: TagFlags,
  existing: SpecTagShape | undefined,
): NonNullable<SpecTagShape['importPolicy']> {
  const policy: NonNullable<SpecTagShape['importPolicy']> = {
    importMode: flags.importMode || existing?.importPolicy?.importMode || 'Legacy',
  };
  if (flags.insecure) policy.insecure = true;
  if (flags.scheduled) policy.scheduled = true;
  return policy;
}

/** The spec tag a destination gets; `existing` keeps its annotations and unchanged settings. */
export function buildSpecTag(
  source: TagSource,
  dest: TagDestination,
  flags: TagFlags,
  existing: SpecTagShape | undefined,
  sourceNamespace: string,
): SpecTagShape {
  const from: NonNullable<SpecTagShape['from']> = { kind: source.kind, name: source.name };
  if (source.kind !== SourceKind.DockerImage && sourceNamespace !== dest.namespace)
    from.namespace = sourceNamespace;
  const annotations = annotationsOf(source, flags, existing);
  const tag: SpecTagShape = {
    ...(annotations ? { annotations } : {}),
    name: dest.tag,
    from,
    importPolicy: importPolicyOf(flags, existing),
    referencePolicy: { type: referencePolicyOf(flags, existing) },
  };
  if (flags.reference) tag.reference = true;
  // generation 0 asks the server to import again, even when the source did not change
  if (source.kind === SourceKind.DockerImage) tag.generation = 0;
  return tag;
}

/** oc's message for one destination. */
export function tagMessage(
  source: TagSource,
  dest: TagDestination,
  flags: TagFlags,
  currentNamespace: string,
): string {
  const destName =
    dest.namespace === currentNamespace
      ? `${dest.stream}:${dest.tag}`
      : `${dest.namespace}/${dest.stream}:${dest.tag}`;
  const src = source.namespace ? `${source.namespace}/${source.name}` : source.name;
  if (flags.alias) return `Tag ${destName} set up to track ${src}.`;
  const policy = flags.semver
    ? ` (semver ${flags.semver})`
    : flags.tagPattern
      ? ` (tag pattern ${flags.tagPattern}, ${flags.tagOrder ?? ''} order)`
      : '';
  if (policy) return `Tag ${destName} set to follow the best tag of ${src}${policy}.`;
  if (flags.scheduled) return `Tag ${destName} set to import ${src} periodically.`;
  return `Tag ${destName} set to ${src}.`;
}
