import { describe, expect, it } from 'vitest';
import { dueAfterCheck, nextSlot, phaseOf, previousSlot } from '../../../../src/importer/schedule/jitter.js';

const INTERVAL = 15 * 60_000;

describe('jitter', () => {
  it('spreads 10,000 tag keys evenly over the interval (every minute bucket within 20% of the mean)', () => {
    const buckets = new Array<number>(15).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const phase = phaseOf(`ns-${i % 97}/stream-${i}:latest`, INTERVAL);
      expect(phase).toBeGreaterThanOrEqual(0);
      expect(phase).toBeLessThan(INTERVAL);
      buckets[Math.floor(phase / 60_000)]!++;
    }
    const mean = 10_000 / 15;
    for (const b of buckets) expect(Math.abs(b - mean) / mean).toBeLessThan(0.2);
    // and per second: no second gets more than 3x its share (a burst would)
    const seconds = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const s = Math.floor(phaseOf(`k${i}`, INTERVAL) / 1000);
      seconds.set(s, (seconds.get(s) ?? 0) + 1);
    }
    expect(Math.max(...seconds.values())).toBeLessThanOrEqual(Math.ceil((10_000 / 900) * 3));
  });

  it('gives the same key the same phase every time (a restart keeps the slots)', () => {
    expect(phaseOf('ns/app:latest', INTERVAL)).toBe(phaseOf('ns/app:latest', INTERVAL));
    expect(phaseOf('ns/app:latest', INTERVAL)).not.toBe(phaseOf('ns/app:1.0', INTERVAL));
  });

  it('computes the slots around a time', () => {
    expect(nextSlot(1000, 300, 1000)).toBe(1300);
    expect(nextSlot(1300, 300, 1000)).toBe(1300);
    expect(previousSlot(1299, 300, 1000)).toBe(300);
    expect(previousSlot(1300, 300, 1000)).toBe(1300);
  });

  it('puts the next check on the next slot after a late check, and at least half an interval after a manual import', () => {
    // checked 50 ms late for the slot at 1300: next is 2300
    expect(dueAfterCheck(1350, 300, 1000)).toBe(2300);
    // manual import at 2200, just before the 2300 slot: postponed to 3300
    expect(dueAfterCheck(2200, 300, 1000)).toBe(3300);
  });
});
