/**
 * Where triggers remember things, as stored objects of our own API group so that they survive
 * restarts, replicate with the store (SQLite or etcd) and show in `kubectl get`:
 *
 *  - `TriggerState` (triggerstates.imagestreams.io): per target and followed tag, the last digest
 *    acted on and the digests rejected by a health gate; also the target's trigger warnings.
 *  - `Rollout` (rollouts.imagestreams.io): one per rollout, its steps and result.
 *
 * Every finished rollout also becomes a Kubernetes Event, and trigger warnings a Warning Event.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/object.js';
import { isStatusError } from '../api/status-error.js';
import { logger } from '../observability/logger.js';
import { guaranteedUpdate } from '../store/guaranteed-update.js';
import { ROLLOUTS, TRIGGER_STATES } from '../store/resource-types.js';
import type { ResourceType, Store } from '../store/store.js';
import type { TriggerState } from './decide.js';
import type { Rollout, TriggerStateObject } from './rollout-objects.js';
import { stateNameHashInput, stateNameWithHash } from './pause-request.js';
import { RolloutResult, type RolloutRecord, type RolloutRecorder } from './rollout-record.js';
import type { ImageStreamTagRef, TriggerWarning } from './trigger.js';

const log = logger('triggers');

export const TRIGGERS_API_GROUP = 'imagestreams.io';
export const TRIGGERS_API_VERSION = 'imagestreams.io/v1';
export { ROLLOUTS, TRIGGER_STATES } from '../store/resource-types.js';
/** Label on both kinds: a DNS-safe hash of the target key, for `-l` selection. */
export const TARGET_HASH_LABEL = 'imagestreams.io/target-hash';

/** The minimal event sink (src/notifications' EventRecorder satisfies it). */
export interface TriggerEventSink {
  record(
    involvedObject: { kind: string; apiVersion: string; name: string; namespace: string; uid?: string },
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
  ): Promise<unknown>;
}

export interface TriggerStateKey {
  /** `docker:compose/<project>/<service>`, `docker:container/<name>`, … */
  target: string;
  from: ImageStreamTagRef;
}

export interface RolloutStore {
  getState(key: TriggerStateKey): Promise<TriggerState>;
  /** Writes the state (and, when given, the target's current warnings). */
  saveState(key: TriggerStateKey, state: TriggerState, warnings?: readonly TriggerWarning[]): Promise<void>;
  /** A recorder that keeps a Rollout object up to date and emits an Event when it ends. */
  recorder(from: ImageStreamTagRef): RolloutRecorder;
  /** A Warning event for the target's trigger problems. */
  warn(target: string, namespace: string, warnings: readonly TriggerWarning[]): Promise<void>;
  /** Recorded rollouts, newest first. */
  listRollouts(namespace?: string): Promise<RolloutRecord[]>;
}

export interface RolloutStoreOptions {
  store: Store;
  events?: TriggerEventSink;
}

export function targetHash(target: string): string {
  return createHash('sha256').update(target).digest('hex').slice(0, 16);
}

/** A DNS-subdomain name for a target and tag: readable prefix, hash for uniqueness. */
export function triggerStateName(key: TriggerStateKey): string {
  return stateNameWithHash(key, createHash('sha256').update(stateNameHashInput(key)).digest('hex'));
}

function stateObject(key: TriggerStateKey, name: string): TriggerStateObject {
  return {
    apiVersion: TRIGGERS_API_VERSION,
    kind: 'TriggerState',
    metadata: {
      name,
      namespace: key.from.namespace,
      labels: { [TARGET_HASH_LABEL]: targetHash(key.target) },
    },
    spec: {
      target: key.target,
      from: { kind: 'ImageStreamTag', name: `${key.from.stream}:${key.from.tag}` },
    },
    status: {},
  };
}

/** The stored state as TriggerState; unreadable fields count as absent (acting again is the safe side). */
export function stateOf(obj: TriggerStateObject | undefined): TriggerState {
  const status = obj?.status ?? {};
  const out: TriggerState = {};
  if (typeof status.lastTriggeredDigest === 'string') out.lastTriggeredDigest = status.lastTriggeredDigest;
  if (Array.isArray(status.rejectedDigests))
    out.rejectedDigests = status.rejectedDigests.filter((d): d is string => typeof d === 'string');
  return out;
}

export function rolloutObject(record: Readonly<RolloutRecord>, from: ImageStreamTagRef): Rollout {
  return {
    apiVersion: TRIGGERS_API_VERSION,
    kind: 'Rollout',
    metadata: {
      name: record.id,
      namespace: from.namespace,
      labels: { [TARGET_HASH_LABEL]: targetHash(record.target) },
    },
    spec: {
      target: record.target,
      containers: [...record.containers],
      from: { kind: 'ImageStreamTag', name: `${from.stream}:${from.tag}` },
      ...(record.fromDigest ? { fromDigest: record.fromDigest } : {}),
      toDigest: record.toDigest,
      toReference: record.toReference,
    },
    status: {
      phase: record.result ?? 'Running',
      started: record.started,
      ...(record.finished ? { finished: record.finished } : {}),
      ...(record.result ? { result: record.result } : {}),
      ...(record.reason ? { reason: record.reason } : {}),
      ...(record.rejectedDigest ? { rejectedDigest: record.rejectedDigest } : {}),
      steps: record.steps.map((s) => ({ ...s })),
    },
  };
}

const ROLLOUT_RESULTS: readonly unknown[] = Object.values(RolloutResult);
const isRolloutResult = (v: unknown): v is RolloutResult => ROLLOUT_RESULTS.includes(v);

/** Back from the stored object (for `describe` and tests). */
export function recordOf(obj: Rollout): RolloutRecord {
  const spec: Partial<Rollout['spec']> = obj.spec ?? {};
  const status = obj.status ?? {};
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const record: RolloutRecord = {
    id: obj.metadata.name,
    target: str(spec.target) ?? '',
    containers: Array.isArray(spec.containers) ? spec.containers.filter((c) => typeof c === 'string') : [],
    fromDigest: str(spec.fromDigest),
    toDigest: str(spec.toDigest) ?? '',
    toReference: str(spec.toReference) ?? '',
    started: str(status.started) ?? obj.metadata.creationTimestamp ?? '',
    finished: str(status.finished),
    result: isRolloutResult(status.result) ? status.result : undefined,
    steps: Array.isArray(status.steps) ? status.steps : [],
  };
  const reason = str(status.reason);
  if (reason) record.reason = reason;
  const phase = str(status.phase);
  if (phase) record.phase = phase;
  const rejected = str(status.rejectedDigest);
  if (rejected) record.rejectedDigest = rejected;
  return record;
}

function short(digest: string | undefined): string {
  if (!digest) return '(none)';
  const colon = digest.indexOf(':');
  return digest.slice(0, colon + 13);
}

function rolloutMessage(r: Readonly<RolloutRecord>): string {
  const base = `${r.target}: ${short(r.fromDigest)} -> ${short(r.toDigest)} ${r.result ?? 'running'}`;
  return r.reason ? `${base}: ${r.reason}` : base;
}

async function upsert<T extends KubeObject>(
  store: Store,
  type: ResourceType<T>,
  obj: KubeObject,
  apply: (o: T) => KubeObject,
) {
  const ns = obj.metadata.namespace;
  const existing = await store.get(type, ns, obj.metadata.name);
  if (!existing) {
    try {
      await store.create(type, obj);
      return;
    } catch (e) {
      if (!isStatusError(e) || e.code !== 409) throw e;
    }
  }
  await guaranteedUpdate(store, type, ns, obj.metadata.name, apply);
}

export function createRolloutStore(options: RolloutStoreOptions): RolloutStore {
  const { store, events } = options;

  const rolloutEvent = async (r: Readonly<RolloutRecord>, namespace: string) => {
    const ok = r.result === RolloutResult.Succeeded;
    await events?.record(
      { kind: 'Rollout', apiVersion: TRIGGERS_API_VERSION, name: r.id, namespace },
      ok ? 'Normal' : 'Warning',
      `Rollout${r.result ?? 'Unknown'}`,
      rolloutMessage(r),
    );
  };

  const write = async (record: Readonly<RolloutRecord>, from: ImageStreamTagRef) => {
    const obj = rolloutObject(record, from);
    // a gated rollout keeps the user's decision (spec.approval) and when it was approved
    await upsert(store, ROLLOUTS, obj, (cur) => {
      const approved = cur.status?.approved;
      return {
        ...cur,
        spec: { ...cur.spec, ...obj.spec },
        status: { ...obj.status, ...(typeof approved === 'string' ? { approved } : {}) },
      };
    });
  };

  return {
    async getState(key) {
      return stateOf(await store.get(TRIGGER_STATES, key.from.namespace, triggerStateName(key)));
    },
    async saveState(key, state, warnings) {
      const name = triggerStateName(key);
      const status = (cur: Pick<TriggerStateObject, 'status'>) => ({
        ...(cur.status ?? {}),
        lastTriggeredDigest: state.lastTriggeredDigest,
        rejectedDigests: [...(state.rejectedDigests ?? [])],
        ...(warnings ? { warnings: warnings.map((w) => ({ ...w })) } : {}),
      });
      const fresh = stateObject(key, name);
      await upsert(store, TRIGGER_STATES, { ...fresh, status: status(fresh) }, (cur) => ({
        ...cur,
        status: status(cur),
      }));
    },
    recorder(from) {
      return {
        progress: (record) => write(record, from),
        async finished(record) {
          await write(record, from);
          await rolloutEvent(record, from.namespace);
        },
      };
    },
    async warn(target, namespace, warnings) {
      if (warnings.length === 0) return;
      const message = warnings.map((w) => (w.field ? `${w.field}: ${w.message}` : w.message)).join('; ');
      await events
        ?.record(
          {
            kind: 'DockerTarget',
            apiVersion: TRIGGERS_API_VERSION,
            name: target.replace(/^docker:/, ''),
            namespace,
          },
          'Warning',
          'InvalidTrigger',
          message,
        )
        .catch((err: unknown) => log.warn({ err, target }, 'could not record trigger warning'));
    },
    async listRollouts(namespace) {
      const list = await store.list(ROLLOUTS, namespace ? { namespace } : {});
      return list.items.map(recordOf).sort((a, b) => b.started.localeCompare(a.started));
    },
  };
}
