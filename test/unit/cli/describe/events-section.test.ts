import { describe, expect, it } from 'vitest';
import { eventAge, formatEvents, type EventView } from '../../../../src/cli/describe/events-section.js';

const now = new Date('2026-01-01T12:00:00Z');
const ev = (over: Partial<EventView>): EventView => ({ metadata: {}, ...over });

describe('formatEvents', () => {
  it('prints <none> without events', () => {
    expect(formatEvents([], now)).toBe('Events:\t<none>\n');
  });

  it('prints a Type Reason Age Message table, oldest first', () => {
    const text = formatEvents(
      [
        ev({
          type: 'Warning',
          reason: 'ImportFailed',
          message: 'no such tag',
          lastTimestamp: '2026-01-01T11:59:00Z',
        }),
        ev({
          type: 'Normal',
          reason: 'Tagged',
          message: 'latest moved',
          lastTimestamp: '2026-01-01T11:55:00Z',
        }),
      ],
      now,
    );
    const lines = text.split('\n');
    expect(lines[0]).toBe('Events:');
    expect(lines[1]).toMatch(/^ {2}Type +Reason +Age +Message$/);
    expect(lines[2]).toMatch(/^ {2}---- +------ +---- +-------$/);
    expect(lines[3]).toMatch(/^ {2}Normal +Tagged +5m +latest moved$/);
    expect(lines[4]).toMatch(/^ {2}Warning +ImportFailed +60s +no such tag$/);
  });

  it('shows a repeated event as "age (xN over first)"', () => {
    const e = ev({ count: 3, firstTimestamp: '2026-01-01T11:50:00Z', lastTimestamp: '2026-01-01T11:58:00Z' });
    expect(eventAge(e, now)).toBe('2m (x3 over 10m)');
  });
});
