/**
 * watch: the history (synthetic ADDED events for the current objects, or the stored events after
 * the requested resourceVersion) is read and the watcher subscribed in one synchronous step. Writes
 * also run synchronously on this thread and publish right after their commit, so no change can
 * fall between the history and the live events, nor appear in both.
 */
import { typeKey } from '../object-key.js';
import { isUnsetResourceVersion, parseResourceVersion, tooOldResourceVersion } from '../resource-version.js';
import { parseSelectors, type ParsedSelectors } from '../selectors.js';
import type { ResourceType, WatchEvent, WatchOptions } from '../store.js';
import { failedWatch, type Change } from '../watch-hub.js';
import { readMeta, type SqliteContext } from './sqlite-context.js';
import { overlaySince, rowsAfter, type Key, type ListRow } from './sqlite-snapshot.js';

/** objects read per step of a watch's initial list */
const LIST_PAGE = 100;

function readPage(
  ctx: SqliteContext,
  tk: string,
  namespace: string | undefined,
  asOf: number,
  after: Key,
): ListRow[] {
  return ctx.read(() => {
    const meta = readMeta(ctx);
    // the history that reconstructs the list as of `asOf` is gone: the client lists and watches again
    if (asOf < meta.compacted) throw tooOldResourceVersion(asOf, meta.compacted);
    const overlay = asOf < meta.rv ? overlaySince(ctx, tk, namespace, asOf) : undefined;
    const rows: ListRow[] = [];
    for (const row of rowsAfter(ctx, tk, namespace, after, overlay)) {
      rows.push(row);
      if (rows.length >= LIST_PAGE) break;
    }
    return rows;
  });
}

/**
 * The objects as of `asOf`, as synthetic ADDED changes, read a page at a time as the watcher
 * consumes them (the first page at once): a watcher that stops reading holds one page, not the list.
 */
function currentObjects(
  ctx: SqliteContext,
  tk: string,
  selectors: ParsedSelectors,
  asOf: number,
): Iterable<Change> {
  const namespace = selectors.namespace;
  const first = readPage(ctx, tk, namespace, asOf, { namespace: namespace ?? '', name: '' });
  const toChange = (row: ListRow): Change => ({
    type: 'ADDED',
    resourceVersion: asOf,
    typeKey: tk,
    namespace: row.namespace,
    name: row.name,
    object: row.json,
  });
  return (function* pages(): Generator<Change> {
    let page = first;
    for (;;) {
      yield* page.map(toChange);
      const last = page.at(-1);
      if (page.length < LIST_PAGE || !last) return;
      page = readPage(ctx, tk, namespace, asOf, last);
    }
  })();
}

function eventsAfter(ctx: SqliteContext, tk: string, selectors: ParsedSelectors, after: number): Change[] {
  const changes: Change[] = [];
  for (const e of ctx.st.eventsAfter.iterate(tk, after)) {
    if (selectors.namespace !== undefined && e.namespace !== selectors.namespace) continue;
    const change: Change = {
      type: e.kind,
      resourceVersion: e.rv,
      typeKey: tk,
      namespace: e.namespace,
      name: e.name,
      object: e.object,
    };
    if (e.previous !== null) change.previous = e.previous;
    changes.push(change);
  }
  return changes;
}

export function watchObjects(
  ctx: SqliteContext,
  type: ResourceType,
  options: WatchOptions,
  signal: AbortSignal,
): AsyncIterable<WatchEvent> {
  try {
    const selectors = parseSelectors({
      namespace: type.namespaced ? options.namespace : undefined,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    const tk = typeKey(type);
    const from = isUnsetResourceVersion(options.resourceVersion)
      ? undefined
      : parseResourceVersion(options.resourceVersion ?? '');
    const { meta, history } = ctx.read(() => {
      const meta = readMeta(ctx);
      if (from !== undefined && from < meta.compacted) throw tooOldResourceVersion(from, meta.compacted);
      const history =
        from === undefined
          ? currentObjects(ctx, tk, selectors, meta.rv)
          : eventsAfter(ctx, tk, selectors, from);
      return { meta, history };
    });
    // progress is pushed on every commit (the hub runs on the writes' thread): no request needed
    if (options.progress) options.progress.request = () => undefined;
    const subscription = ctx.hub.subscribe(tk, selectors, signal, options.progress !== undefined);
    subscription.start(history, Math.max(meta.rv, from ?? 0));
    return subscription;
  } catch (error) {
    return failedWatch(error);
  }
}
