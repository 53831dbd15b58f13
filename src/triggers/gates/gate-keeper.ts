/**
 * The gate every target asks before it starts a rollout, a step of its own between "the trigger
 * fires for digest D" and the rollout: D may go now, or is held (recorded as a Rollout in phase
 * `Waiting` or `AwaitingApproval`), or never goes here (rejected, or its platform is missing).
 * Level-triggered like the controllers: it reads the Rollout records of the target each time, so a
 * restart or a new leader continues where the old one stopped. A newer digest supersedes a held one.
 * A paused trigger (its TriggerState's or WebhookTrigger's `spec.paused`) holds every digest first.
 */
import { guaranteedUpdate } from '../../store/guaranteed-update.js';
import { IMAGES, ROLLOUTS, TRIGGER_STATES } from '../../store/resource-types.js';
import type { Store } from '../../store/store.js';
import { isPaused } from '../pause-request.js';
import type { Rollout, RolloutStatus } from '../rollout-objects.js';
import {
  TARGET_HASH_LABEL,
  targetHash,
  triggerStateName,
  TRIGGERS_API_VERSION,
  type TriggerEventSink,
} from '../rollout-store.js';
import {
  Approval,
  approvalOf,
  followsTag,
  gatedObject,
  GateReason,
  isHeld,
  phaseOf,
  RolloutPhase,
  startedOf,
  toDigestOf,
  type GatedSubject,
  type GateStatus,
} from './gated-record.js';
import { hasGates, type Gates } from './gates.js';
import { gateEvents } from './metrics.js';
import { isStatusError } from '../../api/status-error.js';
import type { RolloutResult } from '../rollout-record.js';
import { formatPlatform, missingPlatforms, type ImagePlatforms, type Platform } from './platform.js';
import { isWindowOpen, nextWindowOpening } from './window.js';

export type GateOutcome =
  | { go: true; rolloutId: string | undefined }
  | {
      go: false;
      phase: string;
      reason: GateReason;
      message: string;
      /** When to ask again (the window opens). */
      retryAt?: number;
      /** A person rejected the digest: the target marks it rejected as a failed health gate does. */
      rejected?: boolean;
      /** This digest never goes to this target. */
      final: boolean;
      rolloutId: string;
    };

export interface GateKeeperOptions {
  store: Store;
  events?: TriggerEventSink | undefined;
  now: () => number;
}

export interface GateKeeper {
  pass(subject: GatedSubject, gates: Gates, hostPlatform?: Platform): Promise<GateOutcome>;
  /**
   * Ends a gated record that went (`rolloutId` of a go) for targets whose rollout is one request
   * (a Kubernetes patch, a webhook delivery); the Docker target writes its steps there instead.
   */
  complete(namespace: string, rolloutId: string, result: RolloutResult, message: string): Promise<void>;
  /** The tag's digest does not fire here (already running, rejected, …): held rollouts of others end. */
  settle(subject: Pick<GatedSubject, 'target' | 'from' | 'digest'>): Promise<void>;
}

const held = (o: Rollout, s: GateStatus, final = false): Extract<GateOutcome, { go: false }> => ({
  go: false,
  phase: s.phase,
  reason: s.reason,
  message: s.message,
  final,
  rolloutId: o.metadata.name,
  ...(s.nextWindow ? { retryAt: Date.parse(s.nextWindow) } : {}),
});

const statusOf = (o: Rollout): RolloutStatus => o.status ?? {};

const GATE_REASONS: readonly string[] = Object.values(GateReason);
const isGateReason = (r: unknown): r is GateReason => typeof r === 'string' && GATE_REASONS.includes(r);

/** What a gate wrote when it ended the record (`finish`): its phase, reason and message. */
function endedGateStatus(o: Rollout, phase: RolloutPhase, reason: GateReason): GateStatus {
  const st = statusOf(o);
  return {
    phase,
    reason: isGateReason(st.reason) ? st.reason : reason,
    message: st.message ?? '',
    ...(st.nextWindow ? { nextWindow: st.nextWindow } : {}),
  };
}

/** A digest rejected or skipped here earlier never goes. */
function finalOutcome(current: Rollout): GateOutcome | undefined {
  const phase = phaseOf(current);
  if (phase === RolloutPhase.Rejected)
    return { ...held(current, endedGateStatus(current, phase, GateReason.Rejected), true), rejected: true };
  if (phase === RolloutPhase.Skipped)
    return held(current, endedGateStatus(current, phase, GateReason.PlatformMissing), true);
  return undefined;
}

export function createGateKeeper(options: GateKeeperOptions): GateKeeper {
  const { store, events } = options;
  const now = () => new Date(options.now());

  const event = async (o: Rollout, type: 'Normal' | 'Warning', reason: string, message: string) => {
    const target = o.spec.target;
    gateEvents.inc({ target: typeof target === 'string' ? target.split(':')[0] : '', event: reason });
    await events
      ?.record(
        {
          kind: 'Rollout',
          apiVersion: TRIGGERS_API_VERSION,
          name: o.metadata.name,
          namespace: o.metadata.namespace ?? '',
        },
        type,
        reason,
        message,
      )
      .catch(() => undefined);
  };

  const records = async (s: Pick<GatedSubject, 'target' | 'from'>): Promise<Rollout[]> => {
    const list = await store.list(ROLLOUTS, {
      namespace: s.from.namespace,
      labelSelector: `${TARGET_HASH_LABEL}=${targetHash(s.target)}`,
    });
    return list.items
      .filter((o) => followsTag(o, s))
      .sort((a, b) => startedOf(b).localeCompare(startedOf(a)));
  };

  const update = (o: Rollout, mutate: (status: RolloutStatus, cur: Rollout) => boolean) =>
    guaranteedUpdate(store, ROLLOUTS, o.metadata.namespace, o.metadata.name, (cur) => {
      const status = { ...statusOf(cur) };
      return mutate(status, cur) ? { ...cur, status } : undefined;
    });

  const finish = (o: Rollout, phase: RolloutPhase, reason: GateReason, message: string) =>
    update(o, (st) => {
      if (st.finished) return false;
      Object.assign(st, { phase, reason, message, finished: now().toISOString() });
      if (phase === RolloutPhase.Rejected) st.rejectedDigest = toDigestOf(o);
      return true;
    });

  const supersede = async (others: Rollout[], s: Pick<GatedSubject, 'target' | 'digest'>) => {
    for (const o of others.filter((r) => isHeld(r) && toDigestOf(r) !== s.digest)) {
      const message = `superseded by ${s.digest}`;
      await finish(o, RolloutPhase.Superseded, GateReason.Superseded, message);
      await event(o, 'Normal', 'RolloutSuperseded', `${s.target}: ${message}`);
    }
  };

  /** Holds the digest in `st`: creates the record, or updates the held one; an Event on each new phase. */
  const hold = async (
    current: Rollout | undefined,
    s: GatedSubject,
    st: GateStatus,
  ): Promise<GateOutcome> => {
    const eventReason = st.phase === RolloutPhase.Waiting ? 'RolloutWaiting' : 'RolloutAwaitingApproval';
    const type = st.reason === GateReason.InvalidGate ? 'Warning' : 'Normal';
    if (current && isHeld(current)) {
      const before = statusOf(current);
      const same = before.phase === st.phase && before.reason === st.reason && before.message === st.message;
      if (same) return held(current, st);
      const written = await update(current, (status) => {
        Object.assign(status, st);
        if (!st.nextWindow) delete status.nextWindow;
        return true;
      });
      if (before.phase !== st.phase || before.reason !== st.reason)
        await event(written ?? current, type, eventReason, `${s.target}: ${st.message}`);
      return held(written ?? current, st);
    }
    const created = await store.create(ROLLOUTS, gatedObject(s, st, now()));
    await event(created, type, eventReason, `${s.target}: ${st.message}`);
    return held(created, st);
  };

  const platformGate = async (
    current: Rollout | undefined,
    s: GatedSubject,
    gates: Gates,
    host?: Platform,
  ) => {
    if (!gates.platforms) return undefined;
    const wanted = gates.platforms === 'host' ? (host ? [host] : []) : gates.platforms;
    const image: ImagePlatforms | undefined = await store.get(IMAGES, undefined, s.digest);
    const missing = missingPlatforms(image, wanted);
    if (missing.length === 0) return undefined;
    const st: GateStatus = {
      phase: RolloutPhase.Skipped,
      reason: GateReason.PlatformMissing,
      message: `${s.digest} has no image for ${missing.map(formatPlatform).join(', ')}`,
    };
    const o = current && isHeld(current) ? current : await store.create(ROLLOUTS, gatedObject(s, st, now()));
    await finish(o, st.phase, st.reason, st.message);
    await event(o, 'Warning', 'RolloutPlatformMissing', `${s.target}: ${st.message}`);
    return held(o, st, true);
  };

  const approvalGate = async (current: Rollout | undefined, s: GatedSubject) => {
    const decision = current ? approvalOf(current) : undefined;
    if (!current || !decision) {
      return hold(current, s, {
        phase: RolloutPhase.AwaitingApproval,
        reason: GateReason.AwaitingApproval,
        message: `${s.digest} awaits approval (isctl approve rollout NAME / isctl reject rollout NAME)`,
      });
    }
    if (decision === Approval.Rejected) {
      const st: GateStatus = {
        phase: RolloutPhase.Rejected,
        reason: GateReason.Rejected,
        message: `${s.digest} was rejected for ${s.target}`,
      };
      await finish(current, st.phase, st.reason, st.message);
      await event(current, 'Warning', 'RolloutRejected', `${s.target}: ${st.message}`);
      return { ...held(current, st, true), rejected: true } as GateOutcome;
    }
    if (isHeld(current) && !statusOf(current).approved) {
      await update(current, (st) => {
        st.approved = now().toISOString();
        return true;
      });
      await event(current, 'Normal', 'RolloutApproved', `${s.target}: ${s.digest} approved`);
    }
    return undefined;
  };

  const windowGate = (current: Rollout | undefined, s: GatedSubject, gates: Gates) => {
    if (!gates.windows || isWindowOpen(gates.windows, options.now())) return undefined;
    const next = nextWindowOpening(gates.windows, options.now());
    const nextWindow = next === undefined ? undefined : new Date(next).toISOString();
    return hold(current, s, {
      phase: RolloutPhase.Waiting,
      reason: GateReason.OutsideWindow,
      message: `outside the rollout window${nextWindow ? `; the next one opens at ${nextWindow}` : ''}`,
      ...(nextWindow ? { nextWindow } : {}),
    });
  };

  /** A user paused the trigger: the digest waits, recorded, until resumed (a newer one supersedes it). */
  const pauseGate = async (current: Rollout | undefined, s: GatedSubject, gates: Gates) => {
    const state = gates.paused
      ? undefined
      : await store.get(
          TRIGGER_STATES,
          s.from.namespace,
          triggerStateName({ target: s.target, from: s.from }),
        );
    if (!gates.paused && !isPaused(state)) return undefined;
    return hold(current, s, {
      phase: RolloutPhase.Waiting,
      reason: GateReason.Paused,
      message: `the trigger is paused; ${s.digest} rolls out when it is resumed (isctl rollout resume)`,
    });
  };

  return {
    async settle(s) {
      await supersede(await records(s), s);
    },
    async complete(namespace, rolloutId, result, message) {
      try {
        await guaranteedUpdate(store, ROLLOUTS, namespace, rolloutId, (cur) => {
          const st = statusOf(cur);
          if (st.finished) return undefined;
          const { message: _m, nextWindow: _n, ...rest } = st;
          const done = { ...rest, phase: result, result, reason: message, finished: now().toISOString() };
          return { ...cur, status: done };
        });
      } catch (e) {
        if (!isStatusError(e) || e.code !== 404) throw e;
      }
    },
    async pass(s, gates, hostPlatform) {
      const all = await records(s);
      await supersede(all, s);
      const current = all.find((o) => toDigestOf(o) === s.digest);
      const ended = current && finalOutcome(current);
      if (ended) return ended;
      const heldId = current && isHeld(current) ? current.metadata.name : undefined;
      const paused = await pauseGate(current, s, gates);
      if (paused) return paused;
      if (!hasGates(gates)) return { go: true, rolloutId: heldId };
      if (gates.invalid) {
        return hold(current, s, {
          phase: RolloutPhase.Waiting,
          reason: GateReason.InvalidGate,
          message: `${gates.invalid.field}: ${gates.invalid.message}`,
        });
      }
      const blocked =
        (await platformGate(current, s, gates, hostPlatform)) ??
        (gates.approval ? await approvalGate(current, s) : undefined) ??
        (await windowGate(current, s, gates));
      return blocked ?? { go: true, rolloutId: heldId };
    },
  };
}
