import { describe, expect, it } from 'vitest';
import {
  KUBECTL_TABLE,
  OC_DESCRIBE,
  RowPrinter,
  renderRows,
  tabwrite,
} from '../../../../src/cli/output/tabwriter.js';

describe('tabwrite (Go text/tabwriter)', () => {
  it('pads kubectl tables with spaces to the widest cell plus 3', () => {
    const out = renderRows([
      ['NAME', 'TAGS'],
      ['ruby', 'latest'],
      ['a-much-longer-name', '1'],
    ]);
    expect(out).toBe('NAME                 TAGS\nruby                 latest\na-much-longer-name   1\n');
  });

  it('uses the minimum width 6 for narrow columns', () => {
    expect(renderRows([['A', 'B']], KUBECTL_TABLE)).toBe('A     B\n');
  });

  it('pads oc describe labels with tabs to the next tab stop', () => {
    const text = 'Name:\truby\nImage Repository:\t<none>\nTags:\t1\n';
    expect(tabwrite(text, OC_DESCRIBE)).toBe('Name:\t\t\truby\nImage Repository:\t<none>\nTags:\t\t\t1\n');
  });

  it('aligns each run of lines with tabs on its own: a line without tabs ends the block', () => {
    const text = 'A:\tx\nlonger label:\ty\nplain line\nB:\tz\n';
    expect(tabwrite(text, OC_DESCRIBE)).toBe('A:\t\tx\nlonger label:\ty\nplain line\nB:\tz\n');
  });

  it('keeps the padding of trailing empty cells inside a column', () => {
    expect(
      renderRows([
        ['NAME', 'TAGS', 'UPDATED'],
        ['x', '', ''],
      ]),
    ).toBe('NAME   TAGS   UPDATED\nx             \n');
  });
});

describe('RowPrinter (watch output)', () => {
  it('aligns later rows to the widths seen so far and widens, never narrows, columns', () => {
    const p = new RowPrinter();
    expect(
      p.format([
        ['NAME', 'TAGS'],
        ['a', 'x'],
      ]),
    ).toBe('NAME   TAGS\na      x\n');
    expect(p.format([['b', 'y']])).toBe('b      y\n');
    expect(p.format([['a-longer-name', 'z']])).toBe('a-longer-name   z\n');
    expect(p.format([['c', 'w']])).toBe('c               w\n');
  });
});
