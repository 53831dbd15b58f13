/**
 * list: one read transaction; the first page at the current resourceVersion, later pages at the
 * first page's resourceVersion (reconstructed from the event history, see sqlite-snapshot.ts), so
 * paging through concurrent writes neither loses nor repeats an object.
 */
import type { KubeObject } from '../../api/object.js';
import { checkContinueToken, decodeContinueToken, encodeContinueToken } from '../continue-token.js';
import { typeKey } from '../object-key.js';
import { hasNoSelectors, matches, parseSelectors, type ParsedSelectors } from '../selectors.js';
import type { ListOptions, ListResult, ResourceType } from '../store.js';
import { readMeta, type SqliteContext } from './sqlite-context.js';
import { countAfter, overlaySince, rowsAfter, type Key, type ListRow } from './sqlite-snapshot.js';

interface Page {
  items: KubeObject[];
  /** the key of the last item, when more matching items follow it */
  more?: Key;
}

/** Up to `limit` matching items, and whether a further matching item exists. */
function collectPage(rows: Iterable<ListRow>, selectors: ParsedSelectors, limit: number | undefined): Page {
  const filtered = !hasNoSelectors(selectors);
  const items: KubeObject[] = [];
  let last: Key | undefined;
  for (const row of rows) {
    const object = filtered ? (JSON.parse(row.json) as KubeObject) : undefined;
    if (object && !matches(object, selectors)) continue;
    if (limit !== undefined && items.length >= limit) return last ? { items, more: last } : { items };
    items.push(object ?? (JSON.parse(row.json) as KubeObject));
    last = row;
  }
  return { items };
}

export function listObjects(ctx: SqliteContext, type: ResourceType, options: ListOptions = {}): ListResult {
  const selectors = parseSelectors({
    namespace: type.namespaced ? options.namespace : undefined,
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
  });
  const token = options.continue ? decodeContinueToken(options.continue) : undefined;
  const limit = options.limit !== undefined && options.limit > 0 ? Math.floor(options.limit) : undefined;
  const tk = typeKey(type);
  const ns = selectors.namespace;
  return ctx.read(() => {
    const meta = readMeta(ctx);
    if (token) checkContinueToken(token, { current: meta.rv, compacted: meta.compacted, namespace: ns });
    const at = token?.resourceVersion ?? meta.rv;
    const overlay = at < meta.rv ? overlaySince(ctx, tk, ns, at) : undefined;
    const start: Key = token ?? { namespace: '', name: '' };
    const page = collectPage(rowsAfter(ctx, tk, ns, start, overlay), selectors, limit);
    const result: ListResult = { items: page.items, resourceVersion: String(at) };
    if (page.more) {
      const { namespace, name } = page.more;
      result.continue = encodeContinueToken({ resourceVersion: at, namespace, name });
      // as Kubernetes: counted only without selectors, where it is cheap and exact
      if (hasNoSelectors(selectors)) result.remainingItemCount = countAfter(ctx, tk, ns, page.more, overlay);
    }
    return result;
  });
}
