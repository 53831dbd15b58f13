import { describe, expect, it } from 'vitest';
import { heapGrowthFlag, SERVING_HEAP_GROWING_PERCENT } from '../../../src/server/heap-growth.js';

describe('heapGrowthFlag', () => {
  it('bounds the growth when the operator gave node no such flag', () => {
    expect(heapGrowthFlag(['--enable-source-maps'])).toBe(
      `--heap-growing-percent=${SERVING_HEAP_GROWING_PERCENT}`,
    );
    expect(heapGrowthFlag(['--max-old-space-size=2048'], 30)).toBe('--heap-growing-percent=30');
  });

  it("leaves the operator's own setting alone, in either spelling", () => {
    expect(heapGrowthFlag(['--heap-growing-percent=80'])).toBeUndefined();
    expect(heapGrowthFlag(['--trace-gc', '--heap_growing_percent=0'])).toBeUndefined();
  });

  it('refuses a percent that is not a positive integer', () => {
    expect(() => heapGrowthFlag([], 0)).toThrow(/positive integer, got 0/);
    expect(() => heapGrowthFlag([], 1.5)).toThrow(/positive integer/);
  });
});
