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

  get<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined> {
    return this.inner.get(type, namespace, name);
  }

  list<T extends KubeObject>(type: ResourceType<T>, options?: ListOptions): Promise<ListResult<T>> {
    return this.inner.list(type, options);
  }

  create<T extends KubeObject>(type: ResourceType<T>, object: KubeObject): Promise<T> {
    return this.inner.create(type, object);
  }

  update<T extends KubeObject>(
    type: ResourceType<T>,
    object: KubeObject,
    preconditions?: Preconditions,
  ): Promise<T> {
    return this.inner.update(type, object, preconditions);
  }

  delete<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
    preconditions?: Preconditions,
  ): Promise<T> {
    return this.inner.delete(type, namespace, name, preconditions);
  }

  watch<T extends KubeObject>(
    type: ResourceType<T>,
    options: WatchOptions,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent<T>> {
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
