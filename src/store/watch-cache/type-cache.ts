/**
 * The objects of one resource type as the watch cache holds them (kube-apiserver's watchCache):
 * every object once, deep-frozen (readers share them and cannot change them), and the
 * resourceVersion the whole set is consistent at. Fed by an informer (list, then watch events and
 * progress bookmarks); readers that need a newer state wait for it (bounded by the caller).
 */
import type { KubeObject } from '../../api/object.js';
import { keyNamespace } from '../object-key.js';
import { matches, parseSelectors } from '../selectors.js';
import type { ResourceType } from '../store.js';

/** Freezes an object and everything in it, in place. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const child of Object.values(value)) deepFreeze(child);
  return Object.freeze(value);
}

const keyOf = (namespace: string, name: string): string => `${namespace}\u0000${name}`;

/** The stores' list order: by namespace, then name (byte order, as SQLite's ORDER BY namespace, name). */
function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

interface Waiter {
  target: number;
  resolve: () => void;
}

export interface CachedList {
  /** frozen, shared: never to be mutated */
  items: readonly KubeObject[];
  resourceVersion: string;
}

export class TypeCache {
  readonly type: ResourceType;
  private objects = new Map<string, KubeObject>();
  /** every object in list order, rebuilt on the first read after a change (then shared by readers) */
  private sorted: KubeObject[] | undefined;
  private rv = 0;
  private isReady = false;
  private waiters: Waiter[] = [];

  constructor(type: ResourceType) {
    this.type = type;
  }

  /** Listed and watching: the state is the store's at `resourceVersion`. */
  get ready(): boolean {
    return this.isReady;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  get size(): number {
    return this.objects.size;
  }

  /** A fresh list starts: forget everything (reads go to the store until `listed`). */
  reset(): void {
    this.objects.clear();
    this.sorted = undefined;
    this.isReady = false;
  }

  /** The list was delivered: consistent at its resourceVersion. */
  listed(resourceVersion: string): void {
    this.isReady = true;
    this.advance(Number(resourceVersion));
  }

  /** The watch ended (error, 410): no longer current until the next list. */
  stale(): void {
    this.isReady = false;
  }

  put(object: KubeObject): void {
    const frozen = deepFreeze(object);
    this.objects.set(keyOf(frozen.metadata.namespace ?? '', frozen.metadata.name), frozen);
    this.sorted = undefined;
    this.advance(Number(frozen.metadata.resourceVersion ?? 0));
  }

  remove(namespace: string, name: string, resourceVersion?: string): void {
    this.objects.delete(keyOf(namespace, name));
    this.sorted = undefined;
    if (resourceVersion !== undefined) this.advance(Number(resourceVersion));
  }

  /** Progress: every change up to `resourceVersion` has been applied. */
  progressed(resourceVersion: string): void {
    this.advance(Number(resourceVersion));
  }

  private advance(resourceVersion: number): void {
    if (!Number.isFinite(resourceVersion) || resourceVersion <= this.rv) return;
    this.rv = resourceVersion;
    if (this.waiters.length === 0) return;
    const due = this.waiters.filter((w) => w.target <= resourceVersion);
    this.waiters = this.waiters.filter((w) => w.target > resourceVersion);
    for (const w of due) w.resolve();
  }

  /** Resolves once the cache reached `target`; `cancel` drops the wait. */
  waitFor(target: number): { reached: Promise<void>; cancel: () => void } {
    if (this.rv >= target) return { reached: Promise.resolve(), cancel: () => undefined };
    let waiter: Waiter | undefined;
    const reached = new Promise<void>((resolve) => {
      waiter = { target, resolve };
      this.waiters.push(waiter);
    });
    return { reached, cancel: () => (this.waiters = this.waiters.filter((w) => w !== waiter)) };
  }

  /** One object (frozen), or undefined. Throws the store's 400 for a namespaced type without namespace. */
  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(keyOf(keyNamespace(this.type, namespace), name));
  }

  /** The objects the selectors select, in the stores' order, at the cache's resourceVersion. */
  list(options: { namespace?: string; labelSelector?: string; fieldSelector?: string }): CachedList {
    const selectors = parseSelectors({
      namespace: this.type.namespaced ? options.namespace : undefined,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    const all = (this.sorted ??= [...this.objects.values()].sort(byNamespaceAndName));
    const everything =
      selectors.namespace === undefined && selectors.labels.length === 0 && selectors.fields.length === 0;
    return {
      items: everything ? all : all.filter((o) => matches(o, selectors)),
      resourceVersion: String(this.rv),
    };
  }
}
