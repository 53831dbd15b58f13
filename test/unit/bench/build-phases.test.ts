import { describe, expect, it } from 'vitest';
import { buildRows, phaseDurations, summarizeRounds } from '../../../bench/build/build-phases.js';
import { toEngineEvent } from '../../../bench/support/engine-events.js';

const round = (start: number) => ({
  pushed: start,
  baseTagMoved: start + 200,
  buildCreated: start + 230,
  buildRunning: start + 240,
  imageBuilt: start + 1_640,
  imagePushed: start + 1_800,
  outputTagMoved: start + 1_790, // the integrated registry's notification can beat the engine's event
  containerStarted: start + 2_300,
  serving: start + 4_000,
});

describe('the build benchmark phases', () => {
  it('splits a round into the steps between the moments seen', () => {
    expect(phaseDurations(round(10_000))).toEqual({
      import: 200,
      trigger: 30,
      start: 10,
      build: 1_400,
      push: 160,
      'tag move': 0,
      'rollout: replace': 500, // from the later of the two
      'rollout: ready': 1_700,
    });
  });

  it('leaves out a moment not seen and runs the next phase from the last one seen', () => {
    const { imageBuilt: _, ...m } = round(0);
    const d = phaseDurations(m);
    expect(d.build).toBeNaN();
    expect(d.push).toBe(1_560);
  });

  it('takes percentiles over the rounds, ignoring phases not seen', () => {
    const { buildRunning: _, ...partial } = round(0);
    const s = summarizeRounds([round(0), { ...round(0), serving: 6_000 }, partial]);
    expect(s.rounds).toBe(3);
    expect(s.totalMs).toMatchObject({ count: 3, p50: 4_000, max: 6_000 });
    expect(s.phasesMs.start.count).toBe(2);
    expect(buildRows(s)[0]).toMatchObject({ 'p50 ms': 4_000, 'max ms': 6_000 });
    expect(buildRows(s).map((r) => String(r['from base push finished']).trim())).toContain('rollout: ready');
  });

  it('reads the engine event times in nanoseconds, and the old event form', () => {
    const e = toEngineEvent({
      Type: 'image',
      Action: 'push',
      timeNano: 1_700_000_000_123_456_000,
      Actor: { ID: 'reg/app:latest', Attributes: { name: 'reg/app:latest' } },
    });
    expect(e).toMatchObject({ type: 'image', action: 'push', id: 'reg/app:latest' });
    expect(e.at).toBeCloseTo(1_700_000_000_123.457, 0);
    expect(toEngineEvent({ status: 'tag', id: 'x', time: 5 })).toMatchObject({ action: 'tag', at: 5_000 });
  });
});
