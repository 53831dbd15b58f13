/**
 * Kubernetes core/v1 Events, written straight to the store so that `kubectl get events` shows
 * tag moves and trigger warnings. Repeats of the same event (object, type, reason, message)
 * within ten minutes bump count and lastTimestamp of one Event instead of adding another, as
 * the Kubernetes event recorder does. Recording never fails the caller: errors are logged.
 */
import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../../api/object.js';
import { logger } from '../../observability/logger.js';
import type { Store } from '../../store/store.js';
import { eventsRecorded } from '../metrics.js';
import { EVENTS } from '../../store/resource-types.js';

const log = logger('notifications');

export const EventType = { Normal: 'Normal', Warning: 'Warning' } as const;
export type EventType = (typeof EventType)[keyof typeof EventType];

const EVENT_COMPONENT = 'imagestreams';
const IMAGE_STREAM_API_VERSION = 'image.openshift.io/v1';
const AGGREGATE_WINDOW_MS = 10 * 60_000;
const MAX_REMEMBERED = 1000;

export interface InvolvedObject {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  uid?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

/**
 * A core/v1 Event as the store holds it. The recorder writes a RecordedEvent; an Event a client
 * writes is checked only for its metadata and a JSON-object `involvedObject`
 * (server/resources/core-resources.ts) and otherwise stored as sent, so a stored Event's other
 * fields may be of any type: a reader checks one before relying on it (as `bump` and event-ttl do).
 */
export interface EventObject extends KubeObject {
  involvedObject?: unknown;
  reason?: unknown;
  message?: unknown;
  type?: unknown;
  count?: unknown;
  firstTimestamp?: unknown;
  lastTimestamp?: unknown;
  eventTime?: unknown;
}

/** An Event as this recorder writes it. */
export interface RecordedEvent extends EventObject {
  involvedObject: InvolvedObject;
  reason: string;
  message: string;
  type: EventType;
  source: { component: string };
  reportingComponent: string;
  reportingInstance: string;
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
}

export interface TagUpdate {
  namespace: string;
  stream: string;
  uid?: string;
  tag: string;
  oldDigest?: string;
  newDigest: string;
  /** `registry/repository@digest` the tag now points at */
  reference: string;
}

export interface EventRecorder {
  recordTagUpdated(update: TagUpdate): Promise<EventObject | undefined>;
  record(
    involvedObject: InvolvedObject,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<EventObject | undefined>;
}

export interface EventRecorderOptions {
  store: Store;
  now?: () => Date;
  component?: string;
}

/** `sha256:0123456789ab…`: enough to tell images apart in a one-line message. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  const hex = digest.slice(colon + 1);
  return hex.length > 12 ? `${digest.slice(0, colon + 1)}${hex.slice(0, 12)}…` : digest;
}

export function tagUpdatedMessage(u: Pick<TagUpdate, 'stream' | 'tag' | 'oldDigest' | 'newDigest'>): string {
  const what = `Tag ${u.stream}:${u.tag}`;
  return u.oldDigest
    ? `${what} moved from ${shortDigest(u.oldDigest)} to ${shortDigest(u.newDigest)}`
    : `${what} set to ${shortDigest(u.newDigest)}`;
}

/** `<object>.<hex>`, made a valid DNS subdomain whatever the object is called. */
export function eventName(objectName: string, now: Date): string {
  const base =
    objectName
      .toLowerCase()
      .replace(/[^a-z0-9.-]/g, '-')
      .replace(/^[^a-z0-9]+/, '')
      .slice(0, 200) || 'object';
  return `${base.replace(/[^a-z0-9]+$/, '') || 'object'}.${now.getTime().toString(16)}${randomBytes(4).toString('hex')}`;
}

interface Remembered {
  name: string;
  namespace: string;
  at: number;
}

export function createEventRecorder(options: EventRecorderOptions): EventRecorder {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const component = options.component ?? EVENT_COMPONENT;
  const recent = new Map<string, Remembered>();

  const remember = (key: string, value: Remembered): void => {
    recent.delete(key);
    recent.set(key, value);
    if (recent.size > MAX_REMEMBERED) recent.delete(recent.keys().next().value as string);
  };

  const bump = async (r: Remembered, at: Date): Promise<EventObject | undefined> => {
    const existing = await store.get(EVENTS, r.namespace, r.name);
    if (!existing) return undefined;
    const count = typeof existing.count === 'number' ? existing.count + 1 : 2;
    return store.update(EVENTS, { ...existing, count, lastTimestamp: at.toISOString() });
  };

  const create = (
    involved: InvolvedObject,
    type: EventType,
    reason: string,
    message: string,
    at: Date,
  ): Promise<EventObject> => {
    const stamp = at.toISOString();
    const event: RecordedEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(involved.name, at), namespace: involved.namespace },
      involvedObject: involved,
      reason,
      message,
      type,
      source: { component },
      reportingComponent: component,
      reportingInstance: '',
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
    };
    return store.create(EVENTS, event);
  };

  const record = async (
    involved: InvolvedObject,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<EventObject | undefined> => {
    const at = now();
    const key = JSON.stringify([
      involved.namespace,
      involved.kind,
      involved.name,
      involved.uid ?? '',
      type,
      reason,
      message,
    ]);
    try {
      const seen = recent.get(key);
      const bumped = seen && at.getTime() - seen.at < AGGREGATE_WINDOW_MS ? await bump(seen, at) : undefined;
      if (bumped) {
        remember(key, { ...seen!, at: at.getTime() });
        eventsRecorded.inc({ reason, result: 'aggregated' });
        return bumped;
      }
      const created = await create(involved, type, reason, message, at);
      remember(key, { name: created.metadata.name, namespace: involved.namespace, at: at.getTime() });
      eventsRecorded.inc({ reason, result: 'created' });
      return created;
    } catch (err) {
      eventsRecorded.inc({ reason, result: 'failed' });
      log.warn(
        {
          err,
          reason,
          namespace: involved.namespace,
          name: involved.name,
        },
        'could not record event',
      );
      return undefined;
    }
  };

  return {
    record,
    recordTagUpdated(u) {
      const involved: InvolvedObject = {
        kind: 'ImageStream',
        apiVersion: IMAGE_STREAM_API_VERSION,
        name: u.stream,
        namespace: u.namespace,
      };
      if (u.uid) involved.uid = u.uid;
      return record(involved, EventType.Normal, 'TagUpdated', tagUpdatedMessage(u));
    },
  };
}
