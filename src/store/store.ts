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

/** Which kind of object: decides the key space and the names used in error messages. */
export interface ResourceType {
  /** API group, '' for the core group */
  group: string;
  /** plural resource name, e.g. 'imagestreams' */
  resource: string;
  namespaced: boolean;
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

export interface ListResult {
  items: KubeObject[];
  /** the resourceVersion the list is consistent at */
  resourceVersion: string;
  /** set when there are more items */
  continue?: string;
  remainingItemCount?: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent {
  type: WatchEventType;
  /** the object after the change; for DELETED the last state, with the deletion's resourceVersion */
  object: KubeObject;
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
  get(type: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  list(type: ResourceType, options?: ListOptions): Promise<ListResult>;
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
  /** Stores a new object. Sets uid (if missing), creationTimestamp (if missing) and resourceVersion. */
  create(type: ResourceType, object: KubeObject): Promise<KubeObject>;
  /**
   * Replaces an existing object. When object.metadata.resourceVersion is set it must equal the stored
   * one (else 409 Conflict). uid and creationTimestamp are kept from the stored object.
   */
  update(type: ResourceType, object: KubeObject, preconditions?: Preconditions): Promise<KubeObject>;
  /** Removes an object and returns its last state with the deletion's resourceVersion. */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    preconditions?: Preconditions,
  ): Promise<KubeObject>;
  /**
   * Changes after options.resourceVersion, until the signal aborts. The iterator throws a 410
   * StatusError (on the first next()) when the version is too old.
   */
  watch(type: ResourceType, options: WatchOptions, signal: AbortSignal): AsyncIterable<WatchEvent>;
  /** The newest resourceVersion in the store. */
  currentResourceVersion(): Promise<string>;
  stats(): Promise<StoreStats>;
  /** Why the store's data cannot be trusted (a damaged file seen at run time); undefined while sound. */
  damaged?(): string | undefined;
  close(): Promise<void>;
}
