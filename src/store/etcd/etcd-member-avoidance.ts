/**
 * Which etcd members a client avoids. etcd3 picks a random member for every call and stream and
 * guards each member with a circuit breaker that streams defeat: once half-open it lets one call
 * through, opening a stream "succeeds" at once, so the breaker closes and a dead member is picked
 * again about one time in three (each time costing a lease keep-alive round or a watch resume).
 * Here a member that failed a call or a stream with a connection-level error (etcd3 reports a
 * stream's errors to the member's policy) is skipped for a while, the while doubling when it fails
 * again soon after, so etcd3 moves on to another member. While every member is avoided nothing is
 * skipped: on a single-member etcd, or with all members down, the call's own error says more than
 * a refusal would.
 */
import { castGrpcError, isRecoverableError, type IOptions } from 'etcd3';
import { backoffDelay } from '../../controllers/backoff.js';

/** What etcd3 takes as a member's fault-handling policy (a cockatiel IPolicy). */
type HostPolicy = ReturnType<NonNullable<NonNullable<IOptions['faultHandling']>['host']>>;
type PolicyEvent<T> = (listener: (data: T) => void) => { dispose(): void };
type SuccessEvent = Parameters<Parameters<HostPolicy['onSuccess']>[0]>[0];
type FailureEvent = Parameters<Parameters<HostPolicy['onFailure']>[0]>[0];

export interface MemberAvoidanceOptions {
  /** how long a member is skipped after its first failure (default 5 s) */
  baseMs?: number;
  /** the longest it is skipped after failures in a row (default 30 s) */
  maxMs?: number;
  /** a monotonic clock in ms */
  now?: () => number;
}

interface MemberState {
  /** failures in a row: each one came within twice the previous skip of the one before */
  failures: number;
  lastFailure: number;
  avoidUntil: number;
}

/** The refusal etcd3 sees from a skipped member: not recoverable, so it tries the next member. */
export class MemberAvoided extends Error {
  constructor(host: string) {
    super(`etcd member ${host} failed lately; trying another`);
  }
}

class Listeners<T> {
  private readonly set = new Set<(data: T) => void>();
  readonly event: PolicyEvent<T> = (listener) => {
    this.set.add(listener);
    return { dispose: () => this.set.delete(listener) };
  };
  emit(data: T): void {
    for (const listener of [...this.set]) listener(data);
  }
}

export class MemberAvoidance {
  private readonly members = new Map<string, MemberState>();
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly now: () => number;

  constructor(options: MemberAvoidanceOptions = {}) {
    this.baseMs = options.baseMs ?? 5_000;
    this.maxMs = options.maxMs ?? 30_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** true while calls skip `host` */
  avoids(host: string): boolean {
    if (!this.isAvoided(host)) return false;
    // every member avoided: let calls through rather than fail them all
    return [...this.members.keys()].some((other) => !this.isAvoided(other));
  }

  /** records a connection-level failure of `host` */
  failed(host: string): void {
    const state = this.state(host);
    const now = this.now();
    const previousSkip = state.avoidUntil - state.lastFailure;
    state.failures =
      state.failures > 0 && now - state.lastFailure < 2 * previousSkip ? state.failures + 1 : 1;
    state.lastFailure = now;
    state.avoidUntil = now + backoffDelay(state.failures, { baseMs: this.baseMs, maxMs: this.maxMs });
  }

  /** The policy etcd3 runs every call and stream opening on `host` through. */
  policy(host: string): HostPolicy {
    this.state(host);
    const successes = new Listeners<SuccessEvent>();
    const failures = new Listeners<FailureEvent>();
    const execute = async <T>(
      fn: (context: { signal: AbortSignal }) => PromiseLike<T> | T,
      signal?: AbortSignal,
    ): Promise<T> => {
      if (this.avoids(host)) throw new MemberAvoided(host);
      const started = this.now();
      try {
        const result = await fn({ signal: signal ?? new AbortController().signal });
        successes.emit({ duration: this.now() - started });
        return result;
      } catch (err) {
        const handled = err instanceof Error && isRecoverableError(castGrpcError(err));
        if (handled) this.failed(host);
        failures.emit({ duration: this.now() - started, handled, reason: { error: asError(err) } });
        throw err;
      }
    };
    return { onSuccess: successes.event, onFailure: failures.event, execute } as HostPolicy;
  }

  private isAvoided(host: string): boolean {
    const state = this.members.get(host);
    return state !== undefined && this.now() < state.avoidUntil;
  }

  private state(host: string): MemberState {
    let state = this.members.get(host);
    if (!state) {
      state = { failures: 0, lastFailure: 0, avoidUntil: 0 };
      this.members.set(host, state);
    }
    return state;
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
