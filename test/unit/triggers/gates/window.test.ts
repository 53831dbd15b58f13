import { describe, expect, it } from 'vitest';
import {
  isWindowOpen,
  nextWindowOpening,
  parseRolloutWindows,
  type RolloutWindow,
} from '../../../../src/triggers/gates/window.js';

function windows(value: string): RolloutWindow[] {
  const r = parseRolloutWindows(value);
  if (!r.ok) throw new Error(r.error);
  return r.windows;
}

const at = (iso: string) => Date.parse(iso);
const ISSUE = 'Sat,Sun 01:00-05:00 Europe/Berlin; Mon-Fri 22:00-23:00 UTC';

describe('rollout windows', () => {
  it('parses the issue example into two windows with their days and zones', () => {
    const w = windows(ISSUE);
    expect(w).toHaveLength(2);
    expect([...(w[0]?.days ?? [])].sort()).toEqual([0, 6]);
    expect(w[0]).toMatchObject({ start: 60, end: 300, zone: 'Europe/Berlin' });
    expect([...(w[1]?.days ?? [])].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(w[1]).toMatchObject({ start: 22 * 60, end: 23 * 60, zone: 'UTC' });
  });

  it('is open by the local time of the window zone (Berlin is UTC+1 in winter, +2 in summer)', () => {
    const w = windows(ISSUE);
    expect(isWindowOpen(w, at('2026-01-10T00:30:00Z'))).toBe(true); // Sat 01:30 CET
    expect(isWindowOpen(w, at('2026-01-09T23:30:00Z'))).toBe(false); // Sat 00:30 CET, Fri 23:30 UTC
    expect(isWindowOpen(w, at('2026-01-10T04:00:00Z'))).toBe(false); // Sat 05:00 CET: end excluded
    expect(isWindowOpen(w, at('2026-07-11T03:30:00Z'))).toBe(false); // Sat 05:30 CEST
    expect(isWindowOpen(w, at('2026-07-11T02:30:00Z'))).toBe(true); // Sat 04:30 CEST
    expect(isWindowOpen(w, at('2026-01-07T22:15:00Z'))).toBe(true); // Wed 22:15 UTC
    expect(isWindowOpen(w, at('2026-01-10T22:15:00Z'))).toBe(false); // Sat 22:15 UTC
  });

  it('finds when the next window opens, across a week and a daylight-saving change', () => {
    const w = windows(ISSUE);
    // Fri 23:30 UTC: the weekday window has closed; Sat 01:00 Berlin (CET) is 00:00 UTC
    expect(new Date(nextWindowOpening(w, at('2026-01-09T23:30:00Z')) ?? 0).toISOString()).toBe(
      '2026-01-10T00:00:00.000Z',
    );
    // Sun 06:00 Berlin: next is Mon 22:00 UTC
    expect(new Date(nextWindowOpening(w, at('2026-01-11T05:00:00Z')) ?? 0).toISOString()).toBe(
      '2026-01-12T22:00:00.000Z',
    );
    // 29 March 2026 02:00 CET jumps to 03:00 CEST: a 03:00 Berlin window opens at 01:00 UTC
    const dst = windows('Sun 03:00-04:00 Europe/Berlin');
    expect(new Date(nextWindowOpening(dst, at('2026-03-28T12:00:00Z')) ?? 0).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
  });

  it('a range past midnight belongs to the day it starts on; day ranges wrap around the week', () => {
    const w = windows('Fri 23:00-01:00 UTC');
    expect(isWindowOpen(w, at('2026-01-10T00:30:00Z'))).toBe(true); // Sat 00:30
    expect(isWindowOpen(w, at('2026-01-10T23:30:00Z'))).toBe(false); // Sat 23:30
    expect(isWindowOpen(w, at('2026-01-11T00:30:00Z'))).toBe(false); // Sun 00:30
    const wrap = windows('Fri-Mon 10:00-11:00 Asia/Kolkata');
    expect([...(wrap[0]?.days ?? [])].sort()).toEqual([0, 1, 5, 6]);
    expect(isWindowOpen(wrap, at('2026-01-11T04:45:00Z'))).toBe(true); // Sun 10:15 IST (+05:30)
  });

  it.each([
    ['', 'no window'],
    ['Someday 01:00-02:00 UTC', 'not a day'],
    ['Mon 25:00-26:00 UTC', 'not a time range'],
    ['Mon 01:00-01:00 UTC', 'empty'],
    ['Mon 01:00-02:00 Mars/Olympus_Mons', 'IANA'],
    ['Mon 01:00-02:00', 'must be DAYS'],
    ['Mon-Tue-Wed 01:00-02:00 UTC', 'not a day'],
    ['Sat 01:00-05:00 UTC; Sun 1-2 UTC', 'not a time range'],
  ])('rejects %j', (value, message) => {
    const r = parseRolloutWindows(value);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(message);
  });
});
