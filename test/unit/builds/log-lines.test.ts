import { describe, expect, it } from 'vitest';
import {
  completeLength,
  limitBytes,
  parseLines,
  plainText,
  selectLines,
  stampChunk,
} from '../../../src/builds/log-lines.js';

const T1 = new Date('2026-01-02T03:04:05.678Z');
const T2 = new Date('2026-01-02T03:04:09.000Z');

describe('stored build log lines', () => {
  it('stamps every line that starts in a chunk, never the continuation of a line', () => {
    const a = stampChunk('one\ntw', true, T1);
    const b = stampChunk('o\nthree\n', a.endsWith('\n'), T2);
    expect(a + b).toBe(`${T1.toISOString()} one\n${T1.toISOString()} two\n${T2.toISOString()} three\n`);
  });

  it('parses lines back with their times, and a log without times as it is', () => {
    const stored = stampChunk('x\ny', true, T1);
    expect(parseLines(stored, true)).toEqual([
      { time: T1.getTime(), stamp: T1.toISOString(), text: 'x\n' },
      { time: T1.getTime(), stamp: T1.toISOString(), text: 'y' },
    ]);
    expect(completeLength(stored)).toBe(stored.indexOf('\n') + 1);
    expect(plainText(stored, true)).toBe('x\ny');
    expect(plainText('2026-01-02T03:04:05Z not a stamp\n', false)).toBe('2026-01-02T03:04:05Z not a stamp\n');
  });

  it('keeps lines of unknown time when filtering by time', () => {
    const lines = [{ text: 'a\n' }, { time: 1, text: 'b\n' }, { time: 5, text: 'c\n' }];
    expect(selectLines(lines, { since: 2 }).map((l) => l.text)).toEqual(['a\n', 'c\n']);
    expect(selectLines(lines, { tailLines: 2 }).map((l) => l.text)).toEqual(['b\n', 'c\n']);
  });

  it('cuts at a byte limit without splitting a character', () => {
    expect(limitBytes('aé', 2)).toBe('a');
    expect(limitBytes('aé', 3)).toBe('aé');
  });
});
