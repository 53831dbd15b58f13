import { describe, expect, it } from 'vitest';
import { alwaysLeader, LeaderListeners } from '../../../src/controllers/leader-election.js';

describe('alwaysLeader (single process)', () => {
  it('leads from start() until stop(), telling listeners once per change', async () => {
    const e = alwaysLeader();
    const seen: boolean[] = [];
    e.onChange((l) => seen.push(l));
    expect(e.isLeader()).toBe(false);
    e.start();
    e.start();
    expect(e.isLeader()).toBe(true);
    await e.stop();
    await e.stop();
    expect(e.isLeader()).toBe(false);
    expect(seen).toEqual([true, false]);
  });

  it('stops telling a listener that unsubscribed', () => {
    const e = alwaysLeader();
    const seen: boolean[] = [];
    const off = e.onChange((l) => seen.push(l));
    off();
    e.start();
    expect(seen).toEqual([]);
  });
});

describe('LeaderListeners', () => {
  it('keeps notifying the others when one listener throws, and reports the error', () => {
    const errors: unknown[] = [];
    const listeners = new LeaderListeners((err) => errors.push(err));
    const seen: boolean[] = [];
    listeners.add(() => {
      throw new Error('bad listener');
    });
    listeners.add((l) => seen.push(l));
    listeners.emit(true);
    expect(seen).toEqual([true]);
    expect(errors).toHaveLength(1);
  });
});
