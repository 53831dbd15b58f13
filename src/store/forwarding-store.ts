/**
 * A Store that hands every call to the store behind it: the base of a store that stands in front
 * of a backend and changes only some calls (the watch cache answers get and list), so that such a
 * store writes out only what it changes.
 */
import type { KubeObject } from '../api/object.js';
import type {
  ListOptions,
  ListOrder,
  ListResult,
  Preconditions,
  ResourceType,
  Store,
  StoreStats,
  WatchEvent,
  WatchOptions,
} from './store.js';

export class ForwardingStore implements Store {
  readonly inner: Store;

  constructor(inner: Store) {
    this.inner = inner;
  }

  get listOrder(): ListOrder | undefined {
    return this.inner.listOrder;
  }

  get(type: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    return this.inner.get(type, namespace, name);
  }

  list(type: ResourceType, options?: ListOptions): Promise<ListResult> {
    return this.inner.list(type, options);
  }

  create(type: ResourceType, object: KubeObject): Promise<KubeObject> {
    return this.inner.create(type, object);
  }

  update(type: ResourceType, object: KubeObject, preconditions?: Preconditions): Promise<KubeObject> {
    return this.inner.update(type, object, preconditions);
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    preconditions?: Preconditions,
  ): Promise<KubeObject> {
    return this.inner.delete(type, namespace, name, preconditions);
  }

  watch(type: ResourceType, options: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent> {
    return this.inner.watch(type, options, signal);
  }

  currentResourceVersion(): Promise<string> {
    return this.inner.currentResourceVersion();
  }

  stats(): Promise<StoreStats> {
    return this.inner.stats();
  }

  damaged(): string | undefined {
    return this.inner.damaged?.();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
