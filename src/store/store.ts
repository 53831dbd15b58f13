/**
 * Storage for API objects, behind one interface so that SQLite (one process) and etcd (several
 * replicas) are interchangeable without changing callers. Semantics follow the Kubernetes storage
 * layer (k8s.io/apiserver/pkg/storage.Interface):
 *
 * - resourceVersion is one store-wide, strictly increasing integer, as a decimal string (etcd's
 *   mod revision; a counter in SQLite). Every write gets a new one.
 * - create fails with 409 AlreadyExists; update/delete fail with 404 NotFound, and with 409 Conflict
 *   when a precondition (resourceVersion, uid) does not hold.
 * - list is consistent at one resourceVersion and paginates with opaque continue tokens.
 * - watch delivers every change after a resourceVersion, in order; a resourceVersion older than
 *   the retained history fails with 410 Expired (StatusError with code 410).
 *
 * All errors are StatusErrors (src/api/status-error.ts).
 */
import type { KubeObject } from '../api/object.js';

/**
 * Which kind of object: decides the key space and the names used in error messages. `T` is the
 * type of the objects it holds (src/store/resource-types.ts declares each with its API type): the
 * store's methods take it from here, so a caller reads and writes typed objects without casts.
 * The store trusts what it holds: every object was decoded and validated before it was written
 * (the server's strategies, the importer and the controllers write only their own types).
 */
export interface ResourceType<T extends KubeObject = KubeObject> {
  /** API group, '' for the core group */
  group: string;
  /** plural resource name, e.g. 'imagestreams' */
  resource: string;
  namespaced: boolean;
  /** never set: carries `T` in the type only */
  readonly objectType?: T;
}

export interface Preconditions {
  resourceVersion?: string;
  uid?: string;
}

export interface ListOptions {
  /** undefined: all namespaces (or a cluster-scoped resource) */
  namespace?: string;
  /** Kubernetes label selector syntax (`app=x,tier!=db,env in (a,b),!legacy`) */
  labelSelector?: string;
  /** Kubernetes field selector syntax; metadata.name and metadata.namespace are supported */
  fieldSelector?: string;
  /** page size; 0 or undefined: everything */
  limit?: number;
  /** opaque token from a previous page */
  continue?: string;
  /**
   * The client's resourceVersion, for a watch cache in front of the store (store/watch-cache):
   * '0' lets it answer from any state it has. The backends ignore it and always answer with the
   * newest state, which satisfies every value ('', '0' and "not older than N").
   */
  resourceVersion?: string;
}

export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  /** the resourceVersion the list is consistent at */
  resourceVersion: string;
  /** set when there are more items */
  continue?: string;
  remainingItemCount?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  /** the object after the change; for DELETED the last state, with the deletion's resourceVersion */
  object: T;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * undefined, '' or '0': first an ADDED event for every current object, then every later change.
   * 'N': every change with resourceVersion > N (410 Expired if N is older than the kept history).
   */
  resourceVersion?: string;
  /**
   * Progress notification, for a watch cache: a backend that supports it sends BOOKMARK events
   * whose resourceVersion says every change of the type up to it was delivered (also when the
   * newest writes were to other types), and sets `request` to a function that asks for one now.
   * A backend that does not leaves `request` unset and sends no bookmarks.
   */
  progress?: WatchProgress;
}

export interface WatchProgress {
  /** set by the backend: ask for a BOOKMARK at the store's current resourceVersion */
  request?: () => void;
}

/** An object as a watch cache holds it: encoded once, read by many. */
export interface EncodedObject {
  /** JSON.stringify of the stored object as UTF-8, shared by every reader (never to be written to) */
  readonly json: Buffer;
  /** a fresh copy, the caller's to change */
  object(): KubeObject;
}

export interface EncodedList {
  items: readonly EncodedObject[];
  /** the resourceVersion the list is consistent at */
  resourceVersion: string;
  /** set when there are more items (a list with `limit`) */
  continue?: string;
  remainingItemCount?: number;
}

/** A watch cache's answer to a GET: `item` undefined when there is no such object. */
export interface EncodedGet {
  item: EncodedObject | undefined;
}

/**
 * The order a store lists in, which continue tokens depend on: 'namespace-name' (by namespace,
 * then name) or 'key-path' (by `namespace/name` as bytes, etcd's key order).
 */
export type ListOrder = 'namespace-name' | 'key-path';

export interface StoreStats {
  objects: number;
  /** bytes on disk, where the backend can tell */
  bytes?: number;
}

export interface Store {
  get<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
  ): Promise<T | undefined>;
  list<T extends KubeObject>(type: ResourceType<T>, options?: ListOptions): Promise<ListResult<T>>;
  /**
   * A watch cache's answer to a list (store/watch-cache): the same items, continue token and
   * counts as `list`, each item already encoded as JSON, or undefined when the cache cannot
   * answer (read `list`).
   */
  listEncoded?(type: ResourceType, options?: ListOptions): Promise<EncodedList | undefined>;
  /** A watch cache's answer to a GET, the object already encoded, or undefined when it cannot answer (read `get`). */
  getEncoded?(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): Promise<EncodedGet | undefined>;
  /** the order `list` returns objects in (default 'namespace-name') */
  readonly listOrder?: ListOrder;
  /**
   * Stores a new object. Sets uid (if missing), creationTimestamp (if missing) and resourceVersion.
   * Writes take any KubeObject: the store does not validate, its writers do (the server's
   * strategies; the importer and controllers build their own types), so callers whose objects
   * are not typed (manifests, tests) write as before and get the type's object back.
   */
  create<T extends KubeObject>(type: ResourceType<T>, object: KubeObject): Promise<T>;
  /**
   * Replaces an existing object. When object.metadata.resourceVersion is set it must equal the stored
   * one (else 409 Conflict). uid and creationTimestamp are kept from the stored object.
   */
  update<T extends KubeObject>(
    type: ResourceType<T>,
    object: KubeObject,
    preconditions?: Preconditions,
  ): Promise<T>;
  /** Removes an object and returns its last state with the deletion's resourceVersion. */
  delete<T extends KubeObject>(
    type: ResourceType<T>,
    namespace: string | undefined,
    name: string,
    preconditions?: Preconditions,
  ): Promise<T>;
  /**
   * Changes after options.resourceVersion, until the signal aborts. The iterator throws a 410
   * StatusError (on the first next()) when the version is too old.
   */
  watch<T extends KubeObject>(
    type: ResourceType<T>,
    options: WatchOptions,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent<T>>;
  /** The newest resourceVersion in the store. */
  currentResourceVersion(): Promise<string>;
  stats(): Promise<StoreStats>;
  /** Why the store's data cannot be trusted (a damaged file seen at run time); undefined while sound. */
  damaged?(): string | undefined;
  close(): Promise<void>;
}
