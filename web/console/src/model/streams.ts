/** What the pages derive from image streams: each tag's state, failures, recent moves. Pure. */
import type { ImageStream, NamedTagEventList, TagEvent, TagEventCondition, TagReference } from './types.js';

export type ImportState = 'failed' | 'importing' | 'imported' | 'pushed' | 'waiting';

export interface TagView {
  name: string;
  spec: TagReference | undefined;
  status: NamedTagEventList | undefined;
  history: TagEvent[];
  state: ImportState;
  failure: TagEventCondition | undefined;
}

/** A tag the importer brings in: a DockerImage source, not a reference. */
function isImported(spec: TagReference | undefined): boolean {
  return spec?.from?.kind === 'DockerImage' && spec.reference !== true;
}

/** The spec changed since the newest history item (oc's "Importing"). */
function specAhead(spec: TagReference | undefined, latest: TagEvent): boolean {
  const generation = spec?.generation ?? 0;
  return generation > 0 && latest.generation > 0 && latest.generation < generation;
}

function importState(
  spec: TagReference | undefined,
  history: TagEvent[],
  failure: TagEventCondition | undefined,
): ImportState {
  if (failure) return 'failed';
  const latest = history[0];
  if (!latest) return isImported(spec) ? 'importing' : 'waiting';
  if (specAhead(spec, latest)) return 'importing';
  return spec ? 'imported' : 'pushed';
}

/** Every tag of a stream (in spec, in status, or both), by name. */
export function tagViews(stream: ImageStream): TagView[] {
  const names = new Set<string>();
  for (const t of stream.spec.tags ?? []) names.add(t.name);
  for (const t of stream.status?.tags ?? []) names.add(t.tag);
  return [...names].sort().map((name) => {
    const spec = stream.spec.tags?.find((t) => t.name === name);
    const status = stream.status?.tags?.find((t) => t.tag === name);
    const history = status?.items ?? [];
    const failure = status?.conditions?.find((c) => c.type === 'ImportSuccess' && c.status === 'False');
    return { name, spec, status, history, state: importState(spec, history, failure), failure };
  });
}

export interface TagRef {
  namespace: string;
  stream: string;
  tag: string;
}

export interface Failure extends TagRef {
  condition: TagEventCondition;
}

/** Tags whose last import failed, the most recent failure first. */
export function failingTags(streams: readonly ImageStream[]): Failure[] {
  const out: Failure[] = [];
  for (const s of streams)
    for (const t of tagViews(s))
      if (t.failure)
        out.push({
          namespace: s.metadata.namespace ?? '',
          stream: s.metadata.name,
          tag: t.name,
          condition: t.failure,
        });
  return out.sort((a, b) =>
    (b.condition.lastTransitionTime ?? '').localeCompare(a.condition.lastTransitionTime ?? ''),
  );
}

export interface Move extends TagRef {
  event: TagEvent;
  previous: TagEvent | undefined;
}

/** The newest history item of every tag, newest first: what moved recently. */
export function recentMoves(streams: readonly ImageStream[], limit: number): Move[] {
  const out: Move[] = [];
  for (const s of streams)
    for (const t of s.status?.tags ?? []) {
      const event = t.items?.[0];
      if (event)
        out.push({
          namespace: s.metadata.namespace ?? '',
          stream: s.metadata.name,
          tag: t.tag,
          event,
          previous: t.items?.[1],
        });
    }
  return out.sort((a, b) => b.event.created.localeCompare(a.event.created)).slice(0, limit);
}

export interface NamespaceCount {
  namespace: string;
  streams: number;
  tags: number;
  failing: number;
}

export function namespaceCounts(
  namespaces: readonly string[],
  streams: readonly ImageStream[],
): NamespaceCount[] {
  const counts = new Map<string, NamespaceCount>();
  for (const ns of namespaces) counts.set(ns, { namespace: ns, streams: 0, tags: 0, failing: 0 });
  for (const s of streams) {
    const ns = s.metadata.namespace ?? '';
    const c = counts.get(ns) ?? { namespace: ns, streams: 0, tags: 0, failing: 0 };
    const tags = tagViews(s);
    c.streams += 1;
    c.tags += tags.length;
    c.failing += tags.filter((t) => t.failure).length;
    counts.set(ns, c);
  }
  // failures first, then by name
  return [...counts.values()].sort((a, b) => b.failing - a.failing || a.namespace.localeCompare(b.namespace));
}

/** Streams (or their rows) sorted by name, those whose name contains `filter` (any case) only. */
export function streamsByName<T extends { metadata: { name: string } }>(
  streams: readonly T[],
  filter: string,
): T[] {
  const needle = filter.trim().toLowerCase();
  return streams
    .filter((s) => needle === '' || s.metadata.name.toLowerCase().includes(needle))
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

/** Where a tag gets its images from, in words. */
export function sourceText(spec: TagReference | undefined): string {
  const from = spec?.from;
  if (!from) return 'pushed (no source)';
  const ns = from.namespace ? `${from.namespace}/` : '';
  return `${from.kind} ${ns}${from.name}`;
}

/** The short form of a digest people recognise (as `docker images` prints it). */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
