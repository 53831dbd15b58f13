/**
 * Leader election, backend-neutral: the controllers (scheduled import, notification processing,
 * triggers) run only while isLeader() is true. Several API replicas on etcd elect one leader
 * (leader-election-etcd.ts); a single process on SQLite is always the leader (alwaysLeader).
 *
 * Callers check isLeader() right before each side effect (it turns false on its own once the
 * leadership can no longer be vouched for, even if no event could be delivered), and react to
 * onChange to start and stop their loops.
 */

export interface LeaderElector {
  /** starts campaigning (idempotent) */
  start(): void;
  /** steps down (listeners hear `false` first), gives the leadership up and stops campaigning */
  stop(): Promise<void>;
  /** true while this process is the leader and its lease is known to be valid */
  isLeader(): boolean;
  /** called on every change of isLeader(); returns a function that unsubscribes */
  onChange(listener: (leader: boolean) => void): () => void;
}

/** Listener bookkeeping shared by the implementations. */
export class LeaderListeners {
  private readonly listeners = new Set<(leader: boolean) => void>();
  private readonly onListenerError: (err: unknown) => void;

  constructor(onListenerError: (err: unknown) => void) {
    this.onListenerError = onListenerError;
  }

  add(listener: (leader: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(leader: boolean): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(leader);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}

/** The elector of a single process (SQLite store): leader from start() until stop(). */
export function alwaysLeader(): LeaderElector {
  let leader = false;
  const listeners = new LeaderListeners(() => undefined);
  return {
    start() {
      if (leader) return;
      leader = true;
      listeners.emit(true);
    },
    async stop() {
      if (!leader) return;
      leader = false;
      listeners.emit(false);
    },
    isLeader: () => leader,
    onChange: (listener) => listeners.add(listener),
  };
}
