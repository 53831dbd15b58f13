import { describe, expect, it } from 'vitest';
import { rfc3339, rfc3339Micro } from '../../../src/api/rfc3339.js';

describe('rfc3339 (metav1.Time)', () => {
  it('prints UTC with whole seconds, truncating the fraction', () => {
    expect(rfc3339(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 999)))).toBe('2025-01-02T03:04:05Z');
    expect(rfc3339(new Date(Date.UTC(2025, 11, 31, 23, 59, 59, 0)))).toBe('2025-12-31T23:59:59Z');
    expect(rfc3339(new Date(0))).toBe('1970-01-01T00:00:00Z');
  });

  it('reads back to the same second', () => {
    const at = new Date(Date.UTC(2026, 5, 7, 8, 9, 10, 456));
    expect(Date.parse(rfc3339(at))).toBe(Date.UTC(2026, 5, 7, 8, 9, 10));
  });
});

describe('rfc3339Micro (metav1.MicroTime)', () => {
  it('prints six fraction digits', () => {
    const at = new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 678));
    expect(rfc3339Micro(at, 678_901)).toBe('2025-01-02T03:04:05.678901Z');
    expect(rfc3339Micro(at, 42)).toBe('2025-01-02T03:04:05.000042Z');
  });
});
