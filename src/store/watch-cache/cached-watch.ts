/**
 * Which watches the watch cache answers from its window of recent changes (watch-window.ts), as
 * kube-apiserver's cacher does: a watch from an exact resourceVersion the window covers. The
 * others go to the store, which answers them as before:
 * - no resourceVersion, '' or '0' (the current objects as ADDED, then changes): the store;
 * - progress notification asked for (another watch cache): the store;
 * - a malformed resourceVersion or selector: the store (its 400);
 * - a resourceVersion older than the window: the store (its history, or 410).
 * A resourceVersion newer than the cache, or a cache not ready yet, waits (bounded, by the caller)
 * for the cache, then is decided again.
 */
import { parseSelectors, type ParsedSelectors } from '../selectors.js';
import type { ResourceType, WatchOptions } from '../store.js';
import type { CacheWatcher } from './cache-watcher.js';
import type { TypeCache } from './type-cache.js';

export interface WindowRequest {
  /** the watch starts after this resourceVersion */
  from: number;
  selectors: ParsedSelectors;
}

/** The request when the cache may answer it, else undefined (the store answers). */
export function windowRequest(type: ResourceType, options: WatchOptions): WindowRequest | undefined {
  const rv = options.resourceVersion;
  if (options.progress || rv === undefined || !/^[1-9]\d{0,14}$/.test(rv)) return undefined;
  try {
    const selectors = parseSelectors({
      namespace: type.namespaced ? options.namespace : undefined,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    return { from: Number(rv), selectors };
  } catch {
    // the store words the 400
    return undefined;
  }
}

/**
 * A watcher from the window; 'store' when the window does not cover the resourceVersion; 'wait'
 * when the cache is not ready or has not reached it yet.
 */
export function fromWindow(
  cache: TypeCache,
  request: WindowRequest,
  signal: AbortSignal,
): CacheWatcher | 'store' | 'wait' {
  if (!cache.ready || request.from > cache.resourceVersion) return 'wait';
  return cache.window.watch(request.from, request.selectors, signal) ?? 'store';
}
