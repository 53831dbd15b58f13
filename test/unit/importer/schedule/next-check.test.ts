import { describe, expect, it } from 'vitest';
import { initialDue } from '../../../../src/importer/schedule/next-check.js';
import { phaseOf, previousSlot } from '../../../../src/importer/schedule/jitter.js';

const I = 15 * 60_000;
const NOW = Date.parse('2026-11-27T03:00:00Z');

function due(key: string, lastCheckMs: number | undefined, checkedThroughMs: number | undefined) {
  return initialDue({
    key,
    nowMs: NOW,
    intervalMs: I,
    phaseMs: phaseOf(key, I),
    lastCheckMs,
    checkedThroughMs,
    catchUpMs: 60_000,
  });
}

describe('initialDue (restart derivation)', () => {
  it('keeps a recently imported tag on its next slot, after the import', () => {
    const d = due('ns/a:latest', NOW - 60_000, undefined);
    expect(d.dueMs).toBeGreaterThan(NOW);
    expect(d.dueMs).toBeGreaterThanOrEqual(NOW - 60_000 + I / 2);
    expect(d.owedMs).toBeUndefined();
  });

  it('does not re-check a slot the previous run already covered (checkpoint after it)', () => {
    const key = 'ns/b:latest';
    const last = previousSlot(NOW, phaseOf(key, I), I);
    const d = due(key, NOW - 10 * I, NOW - 1000);
    expect(d.dueMs).toBe(last + I);
    expect(d.owedMs).toBeUndefined();
  });

  it('catches up a slot missed while down within the catch-up window, and owes it', () => {
    const key = 'ns/c:latest';
    const last = previousSlot(NOW, phaseOf(key, I), I);
    const d = due(key, NOW - 10 * I, last - 1);
    expect(d.dueMs).toBeGreaterThanOrEqual(NOW);
    expect(d.dueMs).toBeLessThan(NOW + 60_000);
    expect(d.owedMs).toBe(last);
  });

  it('spreads 10,000 overdue checks over the catch-up window instead of firing them at once', () => {
    const perSecond = new Map<number, number>();
    for (let i = 0; i < 10_000; i++) {
      const d = due(`ns/s${i}:latest`, undefined, undefined);
      expect(d.dueMs - NOW).toBeLessThan(60_000);
      const s = Math.floor((d.dueMs - NOW) / 1000);
      perSecond.set(s, (perSecond.get(s) ?? 0) + 1);
    }
    expect(perSecond.size).toBe(60);
    expect(Math.max(...perSecond.values())).toBeLessThan((10_000 / 60) * 1.5);
  });
});
