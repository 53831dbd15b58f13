/**
 * The fake API server's storage: one global resourceVersion counter (like etcd's revision),
 * an event log for watch resume, and compaction so that too-old versions are answered with 410.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { alreadyExists, conflict, notFound, STALE_OBJECT_MESSAGE } from '../../../src/api/status-error.js';
import { apiVersionOf, qualifiedName, type ResourceType } from './resources.js';

export type KubeObject = Record<string, unknown> & { metadata: Meta };
export interface Meta extends Record<string, unknown> {
  name: string;
  namespace?: string;
  resourceVersion?: string;
  generation?: number;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface StoredEvent {
  rv: number;
  type: WatchEventType;
  resource: ResourceType;
  object: KubeObject;
  /** The object before a modification, so a watch can tell when it stops matching a selector. */
  previous: KubeObject | undefined;
}

type Listener = (event: StoredEvent) => void;

const clone = <T>(v: T): T => structuredClone(v);

export class ObjectStore {
  private revision = 1;
  private compacted = 0;
  private readonly objects = new Map<string, KubeObject>();
  private readonly log: StoredEvent[] = [];
  private readonly listeners = new Set<Listener>();

  get resourceVersion(): number {
    return this.revision;
  }

  /** Versions at or below this are gone from the log: a watch from them gets 410 Expired. */
  get compactedRevision(): number {
    return this.compacted;
  }

  compact(): void {
    this.compacted = this.revision;
    this.log.length = 0;
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  eventsAfter(rv: number): StoredEvent[] {
    return this.log.filter((e) => e.rv > rv);
  }

  get(r: ResourceType, namespace: string, name: string): KubeObject | undefined {
    const o = this.objects.get(key(r, namespace, name));
    return o ? clone(o) : undefined;
  }

  mustGet(r: ResourceType, namespace: string, name: string): KubeObject {
    const o = this.get(r, namespace, name);
    if (!o) throw notFound({ group: r.group, resource: r.plural, name });
    return o;
  }

  list(r: ResourceType, namespace: string | undefined): KubeObject[] {
    const prefix = namespace === undefined ? `${qualifiedName(r)}/` : `${qualifiedName(r)}/${namespace}/`;
    return [...this.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, o]) => clone(o));
  }

  create(r: ResourceType, namespace: string, input: KubeObject): KubeObject {
    const name = input.metadata.name;
    const k = key(r, namespace, name);
    if (this.objects.has(k)) throw alreadyExists({ group: r.group, resource: r.plural, name });
    const rv = ++this.revision;
    const obj: KubeObject = {
      ...clone(input),
      apiVersion: apiVersionOf(r),
      kind: r.kind,
      metadata: {
        ...clone(input.metadata),
        namespace,
        uid: randomUUID(),
        resourceVersion: String(rv),
        generation: 1,
        creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    };
    delete obj.metadata.deletionTimestamp;
    this.objects.set(k, obj);
    this.emit({ rv, type: 'ADDED', resource: r, object: obj, previous: undefined });
    return clone(obj);
  }

  /**
   * Replaces the object. `input.metadata.resourceVersion`, when set, is a precondition (409 when
   * stale); system fields are kept; generation moves when the spec changes.
   */
  update(r: ResourceType, namespace: string, input: KubeObject): KubeObject {
    const name = input.metadata.name;
    const k = key(r, namespace, name);
    const current = this.objects.get(k);
    if (!current) throw notFound({ group: r.group, resource: r.plural, name });
    const want = input.metadata.resourceVersion;
    if (want !== undefined && want !== '' && want !== current.metadata.resourceVersion) {
      throw conflict({ group: r.group, resource: r.plural, name }, STALE_OBJECT_MESSAGE);
    }
    const specChanged = !isDeepStrictEqual(current.spec, input.spec);
    const rv = ++this.revision;
    const obj: KubeObject = {
      ...clone(input),
      apiVersion: apiVersionOf(r),
      kind: r.kind,
      status: clone(current.status),
      metadata: {
        ...clone(input.metadata),
        namespace,
        uid: current.metadata.uid,
        creationTimestamp: current.metadata.creationTimestamp,
        resourceVersion: String(rv),
        generation: (current.metadata.generation ?? 1) + (specChanged ? 1 : 0),
      },
    };
    if (obj.status === undefined) delete obj.status;
    this.objects.set(k, obj);
    this.emit({ rv, type: 'MODIFIED', resource: r, object: obj, previous: current });
    return clone(obj);
  }

  /** Replaces the status only, as a controller writes the status subresource; spec and generation stay. */
  updateStatus(r: ResourceType, namespace: string, name: string, status: unknown): KubeObject {
    const k = key(r, namespace, name);
    const current = this.objects.get(k);
    if (!current) throw notFound({ group: r.group, resource: r.plural, name });
    const rv = ++this.revision;
    const obj: KubeObject = {
      ...clone(current),
      status: clone(status),
      metadata: { ...clone(current.metadata), resourceVersion: String(rv) },
    };
    this.objects.set(k, obj);
    this.emit({ rv, type: 'MODIFIED', resource: r, object: obj, previous: current });
    return clone(obj);
  }

  delete(r: ResourceType, namespace: string, name: string): KubeObject {
    const k = key(r, namespace, name);
    const current = this.objects.get(k);
    if (!current) throw notFound({ group: r.group, resource: r.plural, name });
    this.objects.delete(k);
    const rv = ++this.revision;
    const gone = { ...current, metadata: { ...current.metadata, resourceVersion: String(rv) } };
    this.emit({ rv, type: 'DELETED', resource: r, object: gone, previous: current });
    return clone(gone);
  }

  private emit(event: StoredEvent): void {
    this.log.push(event);
    for (const fn of this.listeners) fn(event);
  }
}

function key(r: ResourceType, namespace: string, name: string): string {
  return `${qualifiedName(r)}/${namespace}/${name}`;
}
