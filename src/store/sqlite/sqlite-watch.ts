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
import type { ObjectRow } from './sqlite-statements.js';

function currentObjects(ctx: SqliteContext, tk: string, selectors: ParsedSelectors): Change[] {
  const ns = selectors.namespace;
  const rows: Iterable<ObjectRow> =
    ns === undefined ? ctx.st.scanAll.iterate(tk, '', '') : ctx.st.scanNamespace.iterate(tk, ns, '');
  const changes: Change[] = [];
  for (const row of rows) {
    changes.push({
      type: 'ADDED',
      resourceVersion: row.rv,
      typeKey: tk,
      namespace: row.namespace,
      name: row.name,
      object: row.json,
    });
  }
  return changes;
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
        from === undefined ? currentObjects(ctx, tk, selectors) : eventsAfter(ctx, tk, selectors, from);
      return { meta, history };
    });
    const subscription = ctx.hub.subscribe(tk, selectors, signal);
    subscription.start(history, Math.max(meta.rv, from ?? 0));
    return subscription;
  } catch (error) {
    return failedWatch(error);
  }
}
