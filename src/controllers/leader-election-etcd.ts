/**
 * Leader election on an etcd lease: the leader is whoever created the key
 * PREFIX/-/leader/NAME, attached to its lease. The key disappears when the lease expires (the
 * leader died or lost etcd) or is revoked (the leader stopped), and the next campaign creates it.
 *
 * Fencing (docs/adr/0003-etcd-store.md): the leader measures its lease on its own monotonic
 * clock from the moment it *sent* the grant or keep-alive that etcd answered; etcd can only
 * expire the lease TTL after it received that request, so later than that. The leader stops
 * being leader `safetyMargin` before its own deadline, whether or not it can reach etcd, so it
 * has stepped down before etcd expires the lease and any other replica can create the key.
 * etcd3's Lease/Election classes are not used: their lease counts as alive until 2 x TTL
 * without contact, long after etcd may have handed the leadership to someone else.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import {
  GRPCDeadlineExceededError,
  type Etcd3,
  type IDuplexStream,
  type ILeaseKeepAliveRequest,
  type ILeaseKeepAliveResponse,
} from 'etcd3';
import { logger } from '../observability/logger.js';
import { createEtcdClient, DEFAULT_PREFIX, type EtcdTls } from '../store/etcd/etcd-client.js';
import { normalizePrefix } from '../store/etcd/etcd-keys.js';
import { closeStream } from '../store/etcd/etcd-streams.js';
import { renewWithRetry } from './lease-renewal.js';
import { LeaderListeners, type LeaderElector } from './leader-election.js';

export interface EtcdLeaderElectorOptions {
  endpoints: string[];
  /** the store's key prefix (default '/imagestreams') */
  prefix?: string;
  tls?: EtcdTls;
  /** one leader per name (default 'controllers') */
  name?: string;
  /** who this replica is, stored as the key's value (default HOST-PID-RANDOM) */
  identity?: string;
  /** lease TTL (default 10 s): how long a dead leader blocks the others */
  leaseTtlSeconds?: number;
  /** how often a follower tries to take over (default 1 s) */
  retryPeriodMs?: number;
  /** how long before its lease's earliest possible expiry a leader steps down (default TTL/5) */
  safetyMarginMs?: number;
  /** a monotonic clock in ms (default performance.now) */
  now?: () => number;
}

export interface EtcdLeaderElector extends LeaderElector {
  readonly identity: string;
  readonly key: string;
  /** while leader: the leader key's create revision, larger for every later leadership */
  fencingToken(): string | undefined;
  /** the identity of the leader as last seen by this replica */
  currentLeader(): string | undefined;
}

const log = logger('leader-election');

/** etcd3 types the stream narrowly; at run time it is a grpc-js ClientDuplexStream (a Node Duplex). */
type KeepAliveStream = IDuplexStream<ILeaseKeepAliveRequest, ILeaseKeepAliveResponse> & Pick<Duplex, 'emit'>;

interface HeldLease {
  id: string;
  /** the earliest moment (own clock) at which etcd may expire the lease */
  expiresNoEarlierThan: number;
}

/** The lease TTL and safety margin, checked: the margin must leave room for renewals. */
function timing(options: EtcdLeaderElectorOptions): { ttl: number; margin: number } {
  const ttl = options.leaseTtlSeconds ?? 10;
  if (!Number.isInteger(ttl) || ttl < 2) throw new Error('leaseTtlSeconds must be an integer >= 2');
  const margin = options.safetyMarginMs ?? (ttl * 1000) / 5;
  if (margin <= 0 || margin >= (ttl * 1000) / 2) {
    throw new Error('safetyMarginMs must be positive and below half the lease TTL');
  }
  return { ttl, margin };
}

class EtcdElector implements EtcdLeaderElector {
  readonly identity: string;
  readonly key: string;
  private readonly client: Etcd3;
  private readonly ttl: number;
  private readonly retryPeriod: number;
  private readonly margin: number;
  private readonly now: () => number;
  /** keep-alive attempts per renewal: one more than there are members, so a live one is reached */
  private readonly renewalAttempts: number;
  private readonly listeners = new LeaderListeners((err) => log.error({ err }, 'leadership listener failed'));
  private lease: HeldLease | undefined;
  private leader = false;
  private token: string | undefined;
  private seenLeader: string | undefined;
  private running = false;
  private loopDone: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private stepDownTimer: NodeJS.Timeout | undefined;

  constructor(options: EtcdLeaderElectorOptions) {
    const { ttl, margin } = timing(options);
    this.ttl = ttl;
    this.margin = margin;
    this.retryPeriod = options.retryPeriodMs ?? 1000;
    this.now = options.now ?? (() => performance.now());
    this.identity = options.identity ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    this.key = `${normalizePrefix(options.prefix ?? DEFAULT_PREFIX)}/-/leader/${options.name ?? 'controllers'}`;
    this.renewalAttempts = options.endpoints.length + 1;
    this.client = createEtcdClient({
      endpoints: options.endpoints,
      ...(options.tls ? { tls: options.tls } : {}),
      // a call must not outlive the lease it is meant to keep
      callTimeoutMs: Math.max(500, Math.floor((this.ttl * 1000) / 3)),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  isLeader(): boolean {
    return (
      this.leader && this.lease !== undefined && this.now() < this.lease.expiresNoEarlierThan - this.margin
    );
  }

  onChange(listener: (leader: boolean) => void): () => void {
    return this.listeners.add(listener);
  }

  fencingToken(): string | undefined {
    return this.isLeader() ? this.token : undefined;
  }

  currentLeader(): string | undefined {
    return this.seenLeader;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loopDone;
    await this.stepDown('stopping');
    this.client.close();
  }

  private get renewInterval(): number {
    return (this.ttl * 1000) / 3;
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let delay: number;
      try {
        delay = this.leader ? await this.renew() : await this.campaign();
      } catch (err) {
        log.warn({ err, leader: this.leader }, 'leader election round failed');
        delay = this.leader ? Math.min(500, this.renewInterval) : this.retryPeriod;
      }
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async grantLease(): Promise<HeldLease> {
    const sent = this.now();
    const res = await this.client.leaseClient.leaseGrant({ TTL: this.ttl });
    this.lease = { id: res.ID, expiresNoEarlierThan: sent + Number(res.TTL) * 1000 };
    return this.lease;
  }

  private async campaign(): Promise<number> {
    const lease = this.lease && this.isFresh(this.lease) ? this.lease : await this.grantLease();
    const key = Buffer.from(this.key);
    const res = await this.client.kv.txn({
      compare: [{ key, target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key, value: Buffer.from(this.identity), lease: lease.id } }],
      failure: [{ request_range: { key } }],
    });
    // stop() came while we campaigned: it revokes the lease, which removes a key we just created
    if (!this.running) return 0;
    const holder = res.responses[0]?.response_range?.kvs[0];
    if (res.succeeded) return this.becomeLeader(res.header.revision);
    // our own key: a retried transaction that had succeeded, or a campaign after a restart of the loop
    if (holder && holder.lease === lease.id) return this.becomeLeader(holder.create_revision);
    this.seenLeader = holder?.value.toString();
    return this.retryPeriod;
  }

  private isFresh(lease: HeldLease): boolean {
    return this.now() < lease.expiresNoEarlierThan - this.margin;
  }

  private becomeLeader(token: string): number {
    if (!this.lease || !this.isFresh(this.lease)) return 0;
    this.leader = true;
    this.token = token;
    this.seenLeader = this.identity;
    this.scheduleStepDown();
    log.info({ identity: this.identity, token }, 'became leader');
    this.listeners.emit(true);
    // renew at once: the lease may have been granted a while ago
    return 0;
  }

  private async renew(): Promise<number> {
    const lease = this.lease;
    if (!lease) return 0;
    const ttl = await renewWithRetry((timeoutMs) => this.keepAlive(lease, timeoutMs), {
      deadline: lease.expiresNoEarlierThan - this.margin,
      now: this.now,
      maxAttempts: this.renewalAttempts,
      attemptTimeoutMs: this.renewInterval,
      onRetry: (err, attempt) => log.info({ err, attempt }, 'lease keep-alive failed; retrying at once'),
    });
    if (ttl <= 0) {
      void this.stepDown('the lease expired');
      return 0;
    }
    const res = await this.client.kv.range({ key: Buffer.from(this.key) });
    const holder = res.kvs[0];
    if (!holder || holder.lease !== lease.id) {
      void this.stepDown('the leader key is gone or belongs to another lease');
      return 0;
    }
    return this.renewInterval;
  }

  /** One keep-alive round trip; returns the TTL etcd granted (0: the lease is gone). */
  private async keepAlive(lease: HeldLease, timeoutMs: number): Promise<number> {
    const sent = this.now();
    const stream = (await this.client.leaseClient.leaseKeepAlive()) as KeepAliveStream;
    let res: ILeaseKeepAliveResponse;
    try {
      res = await new Promise<ILeaseKeepAliveResponse>((resolve, reject) => {
        // an unanswered keep-alive (a frozen or cut-off member) fails as a deadline on the stream
        // while it is still writable, so etcd3 counts it against that member (which is then
        // skipped: etcd-member-avoidance.ts) and the retry goes elsewhere
        const timer = setTimeout(
          () => stream.emit('error', new GRPCDeadlineExceededError('lease keep-alive timed out')),
          timeoutMs,
        );
        stream.on('data', (r: ILeaseKeepAliveResponse) => {
          clearTimeout(timer);
          resolve(r);
        });
        stream.on('error', (err: Error) => {
          clearTimeout(timer);
          reject(err);
        });
        stream.write({ ID: lease.id });
      });
    } finally {
      closeStream(stream);
    }
    const ttl = Number(res.TTL);
    if (ttl > 0 && this.lease === lease) {
      lease.expiresNoEarlierThan = Math.max(lease.expiresNoEarlierThan, sent + ttl * 1000);
      if (this.leader) this.scheduleStepDown();
    }
    return ttl;
  }

  /** Steps down on our own clock if no renewal arrives in time, whatever etcd is doing. */
  private scheduleStepDown(): void {
    if (this.stepDownTimer) clearTimeout(this.stepDownTimer);
    const lease = this.lease;
    if (!lease) return;
    const ms = Math.max(0, lease.expiresNoEarlierThan - this.margin - this.now());
    this.stepDownTimer = setTimeout(() => {
      if (this.lease === lease && !this.isFresh(lease))
        void this.stepDown('the lease could not be renewed in time');
      else if (this.leader) this.scheduleStepDown();
    }, ms);
    this.stepDownTimer.unref();
  }

  /** Stops being leader at once; the returned promise settles when the lease is revoked (or not). */
  private stepDown(reason: string): Promise<void> {
    if (this.stepDownTimer) clearTimeout(this.stepDownTimer);
    this.stepDownTimer = undefined;
    const lease = this.lease;
    this.lease = undefined;
    if (this.leader) {
      this.leader = false;
      this.token = undefined;
      log.warn({ identity: this.identity, reason }, 'stopped being leader');
      this.listeners.emit(false);
    }
    // best effort: revoking deletes the key, so the next leader need not wait for the TTL
    return lease ? this.revoke(lease.id) : Promise.resolve();
  }

  private async revoke(id: string): Promise<void> {
    try {
      await this.client.leaseClient.leaseRevoke({ ID: id });
    } catch (err) {
      log.info({ err }, 'lease not revoked; it expires on its own');
    }
  }
}

export function createEtcdLeaderElector(options: EtcdLeaderElectorOptions): EtcdLeaderElector {
  return new EtcdElector(options);
}
