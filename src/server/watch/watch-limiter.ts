/**
 * How many watches one user may hold open at once. A watch costs a socket, a subscription and
 * its buffer for as long as it lasts, so one client opening hundreds of them could exhaust the
 * server; past the limit a new watch is answered 429 with a Status, and the client retries once
 * one of its watches ended. Every anonymous client counts as the one user system:anonymous.
 */
import { StatusError, StatusReason } from '../../api/status-error.js';

export const DEFAULT_MAX_WATCHES_PER_USER = 100;

export class WatchLimiter {
  private readonly max: number;
  private readonly open = new Map<string, number>();

  /** 0: no limit */
  constructor(max: number) {
    this.max = max;
  }

  /** Counts a watch of `user`; the returned function ends it (once). Throws 429 past the limit. */
  acquire(user: string): () => void {
    const n = this.open.get(user) ?? 0;
    if (this.max > 0 && n >= this.max)
      throw new StatusError(
        429,
        StatusReason.TooManyRequests,
        `too many open watches for user "${user}": at most ${this.max} (--max-watches-per-user)`,
        { retryAfterSeconds: 1 },
      );
    this.open.set(user, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(user) ?? 1) - 1;
      if (left > 0) this.open.set(user, left);
      else this.open.delete(user);
    };
  }

  /** open watches of one user */
  count(user: string): number {
    return this.open.get(user) ?? 0;
  }
}
