import { describe, expect, it } from 'vitest';
import { percentile, summarize } from '../../../src/integrated-registry/latency.js';

describe('latency summary', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes unsorted samples and keeps them in push order', () => {
    const s = summarize([30, 10, 20]);
    expect([s.count, s.p50Ms, s.p99Ms, s.maxMs, s.meanMs]).toEqual([3, 20, 30, 30, 20]);
    expect(s.samplesMs).toEqual([30, 10, 20]);
  });
});
