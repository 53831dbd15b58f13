import { EventEmitter } from 'node:events';
import type { IDuplexStream, IEvent, IWatchRequest, IWatchResponse } from 'etcd3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { prefixRange } from '../../../../src/store/etcd/etcd-keys.js';
import { ProgressTracker, type ProgressFollower } from '../../../../src/store/etcd/etcd-progress-tracker.js';

const PREFIX = '/p';

/** A watch stream as etcd3 hands it out, driven by the test. */
class FakeStream extends EventEmitter implements IDuplexStream<IWatchRequest, IWatchResponse> {
  readonly written: IWatchRequest[] = [];
  closed = false;
  write(item: IWatchRequest): void {
    this.written.push(item);
  }
  end(): void {
    this.closed = true;
  }
  cancel(): void {
    this.closed = true;
  }
  /** the revision the stream was asked to start at */
  get startRevision(): string | number | undefined {
    return this.written[0]?.create_request?.start_revision;
  }
}

function response(partial: Partial<IWatchResponse>): IWatchResponse {
  return {
    header: { cluster_id: '1', member_id: '1', revision: '0', raft_term: '1' },
    watch_id: '1',
    created: false,
    canceled: false,
    compact_revision: '0',
    cancel_reason: '',
    fragment: false,
    events: [],
    ...partial,
  };
}

function put(key: string, revision: number): IEvent {
  const kv = {
    key: Buffer.from(`${PREFIX}/${key}`),
    value: Buffer.from('{}'),
    create_revision: String(revision),
    mod_revision: String(revision),
    version: '1',
    lease: '0',
  };
  return { type: 'Put', kv, prev_kv: kv };
}

describe('the progress tracker (a prefix watch standing in for etcd progress notifications)', () => {
  let streams: FakeStream[];
  let tracker: ProgressTracker;
  const follower: ProgressFollower = {
    range: prefixRange(`${PREFIX}/a/`),
    began: 10,
    onTrackerMoved: () => undefined,
  };
  const latest = (): FakeStream => streams[streams.length - 1]!;

  beforeEach(() => {
    vi.useFakeTimers();
    streams = [];
    tracker = new ProgressTracker(
      {
        watchClient: {
          watch: () => {
            const stream = new FakeStream();
            streams.push(stream);
            return Promise.resolve(stream);
          },
        },
      },
      PREFIX,
    );
  });
  afterEach(() => {
    tracker.shutdown();
    vi.useRealTimers();
  });

  it('resumes after its stream broke, from the revision after the newest it saw, and stays sound meanwhile', async () => {
    tracker.follow(follower);
    await vi.advanceTimersByTimeAsync(0);
    expect(streams).toHaveLength(1);
    expect(String(latest().startRevision)).toBe('11');
    latest().emit('data', response({ created: true }));
    latest().emit('data', response({ events: [put('a/x', 12), put('b/y', 13)] }));
    expect(tracker.completeAt(follower, 12)).toBe(13);
    // the follower has not delivered its own event at 12 yet: not complete
    expect(tracker.completeAt(follower, 11)).toBeUndefined();

    latest().emit('error', new Error('14 UNAVAILABLE: Connection dropped'));
    expect(streams[0]!.closed).toBe(true);
    // what it knew still holds while it reconnects
    expect(tracker.completeAt(follower, 12)).toBe(13);
    await vi.advanceTimersByTimeAsync(100);
    expect(streams).toHaveLength(2);
    expect(String(latest().startRevision)).toBe('14');
    latest().emit('data', response({ created: true, events: [put('b/z', 15)] }));
    expect(tracker.completeAt(follower, 12)).toBe(15);
  });

  it('keeps trying with backoff while every member refuses, and when etcd ends the stream or cancels it', async () => {
    tracker.follow(follower);
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 3; i++)
      latest().emit('error', new Error('14 UNAVAILABLE: No connection established'));
    // only the current stream counts: the first error closed it, the later ones came from nothing
    await vi.advanceTimersByTimeAsync(100);
    expect(streams).toHaveLength(2);
    latest().emit('error', new Error('14 UNAVAILABLE'));
    await vi.advanceTimersByTimeAsync(100);
    expect(streams).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(streams).toHaveLength(3);
    latest().emit('end');
    await vi.advanceTimersByTimeAsync(400);
    expect(streams).toHaveLength(4);
    latest().emit('data', response({ created: true }));
    latest().emit('data', response({ canceled: true, cancel_reason: 'member removed' }));
    // a confirmed stream reset the backoff
    await vi.advanceTimersByTimeAsync(100);
    expect(streams).toHaveLength(5);
  });

  it('stops when compacted past what it saw, until the next follower starts it again', async () => {
    tracker.follow(follower);
    await vi.advanceTimersByTimeAsync(0);
    latest().emit('data', response({ created: true, events: [put('b/y', 13)] }));
    latest().emit('data', response({ compact_revision: '20' }));
    expect(tracker.completeAt(follower, 12)).toBeUndefined();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(streams).toHaveLength(1);
    const later: ProgressFollower = { ...follower, began: 25 };
    tracker.follow(later);
    await vi.advanceTimersByTimeAsync(0);
    expect(streams).toHaveLength(2);
    expect(String(latest().startRevision)).toBe('26');
  });

  it('closes when nobody follows, and starts again for the next follower', async () => {
    const unfollow = tracker.follow(follower);
    await vi.advanceTimersByTimeAsync(0);
    unfollow();
    expect(streams[0]!.closed).toBe(true);
    latest().emit('error', new Error('14 UNAVAILABLE'));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(streams).toHaveLength(1);
    tracker.follow({ ...follower, began: 30 });
    await vi.advanceTimersByTimeAsync(0);
    expect(streams).toHaveLength(2);
    expect(String(latest().startRevision)).toBe('31');
  });
});
