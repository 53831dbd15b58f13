/**
 * `isctl describe is NAME`: the text `oc describe is` prints (oc pkg/helpers/describe), so that
 * people and scripts used to oc read it without surprises. Pure: the stream and the clock in,
 * the text out.
 */
import type { ImageStream, NamedTagEventList, TagReference } from '../../api/types.js';
import { prioritizeTags } from '../../importer/tag-priority.js';
import { humanDuration, elapsedSince } from '../output/duration.js';
import { OC_DESCRIBE, tabwrite } from '../output/tabwriter.js';
import { followTagReference, specTag, statusTag } from './tag-references.js';
import { PER_TAG_ANNOTATIONS, pendingGenerationOf, tagPolicyLines } from './tag-policy-lines.js';

const NONE = '<none>';

export function field(label: string, value: string): string {
  const lines = (value === '' ? NONE : value).split('\n');
  return `${label}:` + lines.map((l) => `\t${l}\n`).join('');
}

export function mapField(label: string, map: Record<string, string>): string {
  const keys = Object.keys(map).sort();
  if (keys.length === 0) return field(label, '');
  return keys.map((k, i) => (i === 0 ? field(label, `${k}=${map[k]}`) : `\t${k}=${map[k]}\n`)).join('');
}

/** Go's duration since a timestamp; a missing one reads as "now" rather than as year 1. */
function since(timestamp: string | null | undefined, now: Date): string {
  return humanDuration(elapsedSince(timestamp ?? undefined, now) ?? 0);
}

function meta(stream: ImageStream, now: Date): string {
  const m = stream.metadata;
  let out = field('Name', m.name);
  if (m.namespace) out += field('Namespace', m.namespace);
  if (m.creationTimestamp) out += `Created:\t${since(m.creationTimestamp, now)} ago\n`;
  const labels = m.labels ?? {};
  out += field(
    'Labels',
    Object.keys(labels)
      .sort()
      .map((k) => `${k}=${labels[k]}`)
      .join(','),
  );
  const { description, ...annotations } = m.annotations ?? {};
  for (const key of PER_TAG_ANNOTATIONS) delete annotations[key];
  if (description) out += field('Description', description);
  return out + mapField('Annotations', annotations);
}

/** Distinct images in the history, counted as oc counts them (including its quirk for items without an image). */
function uniqueImages(stream: ImageStream): number {
  const images = new Set<string>();
  for (const tag of stream.status?.tags ?? []) {
    for (const item of tag.items ?? []) {
      if (item.image) images.add(item.image);
      else if (item.dockerImageReference && !images.has(item.dockerImageReference)) images.add('');
    }
  }
  return images.size;
}

/** Spec tags that are aliases (followed references), grouped by the tag they end at. */
function aliases(stream: ImageStream): Map<string, string[]> {
  const byTarget = new Map<string, string[]>();
  for (const tag of stream.spec.tags ?? []) {
    const followed = followTagReference(stream, tag.name);
    if (!followed?.multiple) continue;
    byTarget.set(followed.tag, [...(byTarget.get(followed.tag) ?? []), tag.name]);
  }
  return byTarget;
}

function sourceName(stream: ImageStream, ref: TagReference): string {
  const from = ref.from;
  if (!from) return '';
  return from.namespace && from.namespace !== stream.metadata.namespace
    ? `${from.namespace}/${from.name}`
    : from.name;
}

/** How oc names a source of each kind: as a reference, as a scheduled import, as a one-off tag. */
const SOURCE_WORDING: Record<string, { reference: string; scheduled: string; tagged: string }> = {
  ImageStreamTag: {
    reference: 'reference to',
    scheduled: 'updates automatically from',
    tagged: 'tagged from',
  },
  DockerImage: {
    reference: 'reference to registry',
    scheduled: 'updates automatically from registry',
    tagged: 'tagged from',
  },
  ImageStreamImage: { reference: 'reference to image', scheduled: 'tagged from', tagged: 'tagged from' },
};

function sourceLine(stream: ImageStream, ref: TagReference | undefined): string {
  if (!ref) return '  no spec tag\n';
  if (!ref.from) return '  tag without source image\n';
  const name = sourceName(stream, ref);
  const kind = ref.from.kind;
  const wording = SOURCE_WORDING[kind] ?? {
    reference: `reference to ${kind}`,
    scheduled: `updates from ${kind}`,
    tagged: `updates from ${kind}`,
  };
  if (ref.reference) return `  ${wording.reference} ${name}\n`;
  return ref.importPolicy?.scheduled ? `  ${wording.scheduled} ${name}\n` : `  ${wording.tagged} ${name}\n`;
}

function policyLines(ref: TagReference | undefined): string {
  let out = '';
  if (ref?.importPolicy?.insecure) out += '    will use insecure HTTPS or HTTP connections\n';
  if (ref?.referencePolicy?.type === 'Local')
    out += '    prefer registry pullthrough when referencing this tag\n';
  return out;
}

function annotationLines(ref: TagReference | undefined): string {
  const a = ref?.annotations ?? {};
  const list = (v: string): string => v.split(',').join(', ');
  let out = '';
  if (a.description) out += `  ${a.description}\n`;
  if (a.tags) out += `  Tags: ${list(a.tags)}\n`;
  if (a.supports) out += `  Supports: ${list(a.supports)}\n`;
  if (a.sampleRepo) out += `  Example Repo: ${a.sampleRepo}\n`;
  return out ? out + '\n' : '';
}

/** The newest generation the importer has acted on for a tag (history item or import condition). */
function latestObservedGeneration(events: NamedTagEventList | undefined): number {
  let last = events?.items?.[0]?.generation ?? 0;
  const condition = (events?.conditions ?? []).find((c) => c.type === 'ImportSuccess');
  if (condition?.generation && condition.generation > last) last = condition.generation;
  return last;
}

function isImporting(
  ref: TagReference | undefined,
  events: NamedTagEventList | undefined,
  heldGeneration: number,
): boolean {
  if (!ref?.from || ref.reference || ref.generation === undefined || ref.generation === null) return false;
  // a digest waiting for its min-age was observed too: the importer is not busy with it
  return ref.generation > Math.max(latestObservedGeneration(events), heldGeneration);
}

function conditionLines(events: NamedTagEventList | undefined, now: Date): string {
  return (events?.conditions ?? [])
    .filter((c) => c.type === 'ImportSuccess' && c.status === 'False')
    .map(
      (c) =>
        `  ! error: Import failed (${c.reason ?? ''}): ${c.message ?? ''}\n      ${since(c.lastTransitionTime, now)} ago\n`,
    )
    .join('');
}

function digestOf(reference: string): string {
  const at = reference.indexOf('@');
  return at < 0 ? '' : reference.slice(at + 1);
}

function historyLines(events: NamedTagEventList | undefined, now: Date): string {
  return (events?.items ?? [])
    .map((item, i) => {
      const ref = item.dockerImageReference;
      const head = i === 0 ? `  * ${ref}\n` : `    ${ref}\n`;
      const when = `      ${since(item.created, now)} ago`;
      // the image differs from the reference's digest when a manifest list was resolved to one platform
      return item.image && digestOf(ref) !== item.image
        ? `${head}${when}\t${item.image}\n`
        : `${head}${when}\n`;
    })
    .join('');
}

/** What a caller adds to the text without making it impure: lines under a tag (e.g. the registry budget). */
export interface DescribeImageStreamOptions {
  tagNotes?: (tag: string) => readonly string[];
}

function tagSection(
  stream: ImageStream,
  tag: string,
  aliasesOf: string[] | undefined,
  now: Date,
  options: DescribeImageStreamOptions,
): string {
  const ref = specTag(stream, tag);
  const events = statusTag(stream, tag);
  const title = aliasesOf?.length ? `${tag} (${prioritizeTags(aliasesOf).join(', ')})\n` : `${tag}\n`;
  let out = title + sourceLine(stream, ref) + policyLines(ref) + '\n' + annotationLines(ref);
  if (isImporting(ref, events, pendingGenerationOf(stream, tag))) out += '  ~ importing latest image ...\n';
  out += tagPolicyLines(stream, ref, tag, now)
    .map((n) => `  ${n}\n`)
    .join('');
  const notes = (options.tagNotes?.(tag) ?? []).map((n) => `  ${n}\n`).join('');
  return out + conditionLines(events, now) + historyLines(events, now) + notes;
}

function tags(stream: ImageStream, now: Date, options: DescribeImageStreamOptions): string {
  const specTags = stream.spec.tags ?? [];
  const statusTags = stream.status?.tags ?? [];
  if (specTags.length === 0 && statusTags.length === 0) return 'Tags:\t<none>\n';
  const names = statusTags.map((t) => t.tag);
  for (const t of specTags) if (!statusTag(stream, t.name)) names.push(t.name);
  const byTarget = aliases(stream);
  const hidden = new Set([...byTarget.values()].flat());
  const sections = prioritizeTags(names)
    .filter((t) => !hidden.has(t))
    .map((t) => tagSection(stream, t, byTarget.get(t), now, options));
  return `Unique Images:\t${uniqueImages(stream)}\nTags:\t${names.length}\n\n` + sections.join('\n');
}

/** The `oc describe is` text for one stream, ages relative to `now`. */
export function describeImageStream(
  stream: ImageStream,
  now: Date,
  options: DescribeImageStreamOptions = {},
): string {
  const repository = stream.status?.publicDockerImageRepository || stream.status?.dockerImageRepository || '';
  const text =
    meta(stream, now) +
    field('Image Repository', repository) +
    field('Image Lookup', `local=${stream.spec.lookupPolicy.local}`) +
    tags(stream, now, options);
  return tabwrite(text, OC_DESCRIBE);
}
