/**
 * The objects of one resource type as the watch cache holds them (kube-apiserver's watchCache):
 * every object once, as its JSON (readers share it and cannot change it), and the
 * resourceVersion the whole set is consistent at. Fed by an informer (list, then watch events and
 * progress bookmarks); readers that need a newer state wait for it (bounded by the caller).
 */
import type { KubeObject } from '../../api/object.js';
import { keyNamespace } from '../object-key.js';
import { matches, parseSelectors } from '../selectors.js';
import type { EncodedList, EncodedObject, ResourceType } from '../store.js';

/**
 * One object as the cache holds it: its JSON as UTF-8 bytes, encoded once when the change arrives (as
 * kube-apiserver caches an object's serialization per resourceVersion), and the little that
 * selectors read. A LIST writes the JSON out as it is; GET and `list` parse a fresh copy from it.
 * Bytes rather than a string: a LIST copies them into its pages without encoding them again, and
 * they live outside the JavaScript heap (less for the garbage collector to walk).
 */
export class CachedObject implements EncodedObject {
  readonly json: Buffer;
  readonly namespace: string;
  readonly name: string;
  /** what selectors read: name, namespace and labels (frozen) */
  readonly selectable: KubeObject;

  constructor(object: KubeObject) {
    this.json = Buffer.from(JSON.stringify(object));
    const { name, namespace, labels } = object.metadata;
    this.namespace = namespace ?? '';
    this.name = name;
    const metadata = Object.freeze({
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(labels ? { labels: Object.freeze({ ...labels }) } : {}),
    });
    this.selectable = Object.freeze({ apiVersion: object.apiVersion, kind: object.kind, metadata });
  }

  object(): KubeObject {
    return JSON.parse(this.json.toString()) as KubeObject;
  }
}

const keyOf = (namespace: string, name: string): string => `${namespace}\u0000${name}`;

/** The stores' list order: by namespace, then name (byte order, as SQLite's ORDER BY namespace, name). */
function byNamespaceAndName(a: CachedObject, b: CachedObject): number {
  if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

interface Waiter {
  target: number;
  resolve: () => void;
}

export class TypeCache {
  readonly type: ResourceType;
  private objects = new Map<string, CachedObject>();
  /** every object in list order, rebuilt on the first read after a change (then shared by readers) */
  private sorted: CachedObject[] | undefined;
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
    const cached = new CachedObject(object);
    this.objects.set(keyOf(cached.namespace, cached.name), cached);
    this.sorted = undefined;
    this.advance(Number(object.metadata.resourceVersion ?? 0));
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

  /** One object, or undefined. Throws the store's 400 for a namespaced type without namespace. */
  get(namespace: string | undefined, name: string): CachedObject | undefined {
    return this.objects.get(keyOf(keyNamespace(this.type, namespace), name));
  }

  /** The objects the selectors select, in the stores' order, at the cache's resourceVersion. */
  list(options: { namespace?: string; labelSelector?: string; fieldSelector?: string }): EncodedList {
    const selectors = parseSelectors({
      namespace: this.type.namespaced ? options.namespace : undefined,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
    });
    const all = (this.sorted ??= [...this.objects.values()].sort(byNamespaceAndName));
    const everything =
      selectors.namespace === undefined && selectors.labels.length === 0 && selectors.fields.length === 0;
    return {
      items: everything ? all : all.filter((o) => matches(o.selectable, selectors)),
      resourceVersion: String(this.rv),
    };
  }
}
