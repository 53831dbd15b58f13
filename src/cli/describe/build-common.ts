/**
 * What `oc describe bc` and `oc describe build` share (oc pkg/helpers/describe: formatMeta,
 * describeCommonSpec, squashGitInfo, describeBuildDuration): the object's metadata, the source,
 * strategy and output of a BuildConfig's or a Build's spec, and a build's duration. Pure.
 */
import type { ObjectReference } from '../../api/schema/common.js';
import type { Build, BuildConfig, SourceRevision } from '../../builds/schema.js';
import { field, mapField } from './describe-image-stream.js';

type CommonSpec = BuildConfig['spec'] | Build['spec'];

function ref(r: Pick<ObjectReference, 'kind' | 'name'> & { namespace?: string | undefined }): string {
  return `${r.kind} ${r.namespace ? `${r.namespace}/${r.name}` : r.name}`;
}

export function describeMeta(m: Build['metadata']): string {
  let out = field('Name', m.name);
  if (m.namespace) out += field('Namespace', m.namespace);
  if (m.creationTimestamp) out += field('Created', m.creationTimestamp);
  out += mapField('Labels', m.labels ?? {});
  return out + mapField('Annotations', m.annotations ?? {});
}

type GitRevision = NonNullable<SourceRevision['git']>;

/** who wrote and who committed, as oc prints them */
function authors(git: GitRevision): string {
  const author = git.author?.name ?? '';
  const committer = git.committer?.name ?? '';
  if (author && committer)
    return field('Author/Committer', author === committer ? author : `${author} / ${committer}`);
  if (author) return field('Author', author);
  return committer ? field('Committer', committer) : '';
}

/** oc's squashGitInfo: the short commit with its message, then who wrote and committed it */
export function squashGitInfo(revision: SourceRevision | undefined): string {
  const git = revision?.git;
  if (!git) return '';
  return field('Commit', `${(git.commit ?? '').slice(0, 7)} (${git.message ?? ''})`) + authors(git);
}

function indented(label: string, text: string): string {
  if (text.trim() === '') return field(label, '');
  return `${label}:\n${text
    .split('\n')
    .map((l) => `  ${l}\n`)
    .join('')}`;
}

function gitSource(spec: CommonSpec): string {
  const { git, contextDir } = spec.source;
  if (!git) return '';
  let out = field('URL', git.uri);
  if (git.ref) out += field('Ref', git.ref);
  if (contextDir) out += field('ContextDir', contextDir);
  return out + squashGitInfo(spec.revision);
}

function dockerStrategy(d: CommonSpec['strategy']['dockerStrategy']): string {
  if (!d) return '';
  let out = d.from?.name ? field('From Image', ref(d.from)) : '';
  if (d.dockerfilePath) out += field('Dockerfile Path', d.dockerfilePath);
  if (d.noCache) out += field('No Cache', 'true');
  return out + (d.forcePull ? field('Force Pull', 'true') : '');
}

function sourceStrategy(s: CommonSpec['strategy']['sourceStrategy']): string {
  if (!s) return '';
  const out = s.from?.name ? field('From Image', ref(s.from)) : '';
  return out + (s.forcePull ? field('Force Pull', 'yes') : '');
}

function binary(spec: CommonSpec): string {
  const b = spec.source.binary;
  if (!b) return '';
  return field('Binary', b.asFile ? `provided as file "${b.asFile}" on build` : 'provided on build');
}

/** oc's describeCommonSpec, for the fields this server reads; starts with a blank line */
export function describeCommonSpec(spec: CommonSpec): string {
  let out = '\n' + field('Strategy', spec.strategy.type ?? '');
  out += gitSource(spec);
  if (spec.source.dockerfile !== undefined) out += indented('Dockerfile', spec.source.dockerfile);
  out += dockerStrategy(spec.strategy.dockerStrategy) + sourceStrategy(spec.strategy.sourceStrategy);
  if (spec.output.to) out += field('Output to', ref(spec.output.to));
  out += binary(spec);
  if (!spec.source.git && !spec.source.binary) out += field('Empty Source', 'no input source provided');
  if (spec.completionDeadlineSeconds !== undefined)
    out += field('Fail Build After', goDuration(spec.completionDeadlineSeconds * 1e9));
  return out;
}

/** Go's time.Duration text to the second: 0s, 59s, 1m0s, 2h3m4s */
export function goDuration(ns: number): string {
  const s = Math.max(0, Math.round(ns / 1e9));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  if (h > 0) return `${h}h${m}m${sec}s`;
  return m > 0 ? `${m}m${sec}s` : `${sec}s`;
}

const seconds = (t: string | undefined): number => Math.floor(Date.parse(t ?? '') / 1000);
const between = (from: string | undefined, to: number): string => goDuration((to - seconds(from)) * 1e9);

/** oc's describeBuildDuration: waiting, running, waited (ended before it started), or how long it ran */
export function describeBuildDuration(b: Build, now: Date): string {
  const st = b.status ?? {};
  const created = b.metadata.creationTimestamp;
  const nowS = Math.floor(now.getTime() / 1000);
  const ended = ['Cancelled', 'Failed', 'Error'].includes(st.phase ?? '');
  if (!st.startTimestamp && st.completionTimestamp && ended)
    return `waited for ${between(created, seconds(st.completionTimestamp))}`;
  if (!st.startTimestamp && st.phase !== 'Cancelled') return `waiting for ${between(created, nowS)}`;
  if (st.startTimestamp && !st.completionTimestamp) return `running for ${between(st.startTimestamp, nowS)}`;
  if (!st.startTimestamp) return '<none>';
  return between(st.startTimestamp, seconds(st.completionTimestamp));
}
