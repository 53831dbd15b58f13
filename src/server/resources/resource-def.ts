/**
 * What the generic HTTP layer needs to serve one resource: its discovery entry, its handler (a
 * stored or a virtual resource), its table columns and its OpenAPI schema. Later parts add
 * resources (e.g. imagestreamimports) through ResourceRegistry.add.
 */
import type { KubeObject } from '../../api/object.js';
import type { Status } from '../../api/status-error.js';
import type { WatchEvent } from '../../store/store.js';
import type { IncludeObject } from '../http/negotiation.js';
import type { RequestInfo, Verb } from '../http/request-info.js';
import type { TableConvertor } from '../table/table.js';

export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  /** extra attributes an authenticating proxy or TokenReview passes on (scopes, …); kept for SubjectAccessReviews */
  extra?: Record<string, string[]>;
}

export const FieldValidation = { Strict: 'Strict', Warn: 'Warn', Ignore: 'Ignore' } as const;
export type FieldValidation = (typeof FieldValidation)[keyof typeof FieldValidation];

/** One request, as a handler sees it. */
export interface RequestScope {
  info: RequestInfo;
  /** the query string, single values */
  query: Record<string, string | undefined>;
  dryRun: boolean;
  fieldValidation: FieldValidation;
  user: UserInfo;
  /** adds a `Warning: 299 - "..."` response header */
  warn(message: string): void;
  /** the User-Agent header: names the field manager of writes without `fieldManager` */
  userAgent?: string;
  /** set by a handler whose success code depends on what happened (an apply that created: 201) */
  responseCode?: number;
}

export interface ObjectList {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: KubeObject[];
}

/**
 * A list read page by page: the list's envelope and its items, the first page already read (so
 * that an early error is still a proper Status answer), the rest read as the response is written.
 */
export interface PagedList {
  head: Omit<ObjectList, 'items'>;
  pages: AsyncIterable<KubeObject[]>;
  /**
   * The same items, each already encoded as its JSON in UTF-8 (a watch cache's list): a JSON answer writes
   * these and leaves `pages` unread. Whoever changes `pages` (a filter) must drop it.
   */
  encoded?: AsyncIterable<Buffer[]>;
  /**
   * The same items as Table rows in JSON, from parts kept with cached objects (a watch cache's
   * list), or undefined when the convertor cannot (then `pages` are converted). Whoever changes
   * `pages` must drop it.
   */
  tableRows?(
    convertor: TableConvertor,
    options: { include: IncludeObject; now: Date },
  ): AsyncIterable<string[]> | undefined;
}

export interface PatchRequest {
  contentType: string;
  patch: unknown;
}

/** Handlers answer with an object or throw a StatusError; a verb left out is 405 MethodNotAllowed. */
export interface ResourceHandler {
  get?(scope: RequestScope): Promise<KubeObject>;
  /**
   * The same object as `get`, already encoded as JSON (from a watch cache), or undefined when
   * there is no encoding at hand (then `get` answers). Only for a plain JSON answer.
   */
  getEncoded?(scope: RequestScope): Promise<Buffer | undefined>;
  list?(scope: RequestScope): Promise<ObjectList>;
  /** the same list, read and written page by page (streamed); preferred over list when present */
  listPages?(scope: RequestScope): Promise<PagedList>;
  watch?(scope: RequestScope, signal: AbortSignal): AsyncIterable<WatchEvent>;
  create?(scope: RequestScope, body: unknown): Promise<KubeObject | Status>;
  update?(scope: RequestScope, body: unknown): Promise<KubeObject>;
  patch?(scope: RequestScope, patch: PatchRequest): Promise<KubeObject>;
  /** server-side apply (`application/apply-patch+yaml`); without it such a PATCH is 415 */
  apply?(scope: RequestScope, patch: PatchRequest): Promise<KubeObject>;
  delete?(scope: RequestScope, body: unknown): Promise<KubeObject | Status>;
  /** DELETE on the collection: the deleted objects */
  deleteCollection?(scope: RequestScope, body: unknown): Promise<ObjectList>;
}

export interface SubresourceDef {
  name: string;
  verbs: Verb[];
}

export interface ResourceDef {
  group: string;
  version: string;
  /** plural, e.g. imagestreams */
  resource: string;
  singularName: string;
  kind: string;
  namespaced: boolean;
  verbs: Verb[];
  shortNames?: string[];
  categories?: string[];
  subresources?: SubresourceDef[];
  handler: ResourceHandler;
  /** server-side printing for `kubectl get`; default NAME, AGE */
  table?: TableConvertor;
  /** OpenAPI component name of the kind, for unknown-field validation and `kubectl explain` */
  schema?: string;
}

export function apiVersionOf(def: Pick<ResourceDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** The registry of served resources; discovery and routing read it on every request. */
export class ResourceRegistry {
  private readonly defs = new Map<string, ResourceDef>();

  private static key(group: string, version: string, resource: string): string {
    return `${group}/${version}/${resource}`;
  }

  add(def: ResourceDef): void {
    this.defs.set(ResourceRegistry.key(def.group, def.version, def.resource), def);
  }

  remove(group: string, version: string, resource: string): void {
    this.defs.delete(ResourceRegistry.key(group, version, resource));
  }

  find(group: string, version: string, resource: string): ResourceDef | undefined {
    return this.defs.get(ResourceRegistry.key(group, version, resource));
  }

  all(): ResourceDef[] {
    return [...this.defs.values()];
  }

  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const d of this.defs.values())
      seen.set(`${d.group}/${d.version}`, { group: d.group, version: d.version });
    return [...seen.values()];
  }

  inGroupVersion(group: string, version: string): ResourceDef[] {
    return this.all().filter((d) => d.group === group && d.version === version);
  }
}
