/**
 * Go's text/tabwriter, so that tables and `describe` line up exactly as kubectl and oc print them.
 * Text is cells terminated by '\t'; the last cell of a line is not part of a column. A column
 * block is a run of consecutive lines that all have a cell in that column; its width is the widest
 * cell plus padding (at least minWidth). With '\t' as padding character, widths round up to the
 * tab width and padding is written as tabs (oc's describe); otherwise as that character (kubectl).
 */

export interface TabwriterOptions {
  minWidth: number;
  tabWidth: number;
  padding: number;
  padChar: string;
}

/** kubectl's table writer (`printers.GetNewTabWriter`). */
export const KUBECTL_TABLE: TabwriterOptions = { minWidth: 6, tabWidth: 4, padding: 3, padChar: ' ' };
/** oc's describe writer (`tabbedString`). */
export const OC_DESCRIBE: TabwriterOptions = { minWidth: 0, tabWidth: 8, padding: 1, padChar: '\t' };

type Line = string[];

function width(text: string): number {
  return [...text].length;
}

function padding(textWidth: number, cellWidth: number, o: TabwriterOptions): string {
  if (o.padChar === '\t') {
    if (o.tabWidth === 0) return '';
    const rounded = Math.ceil(cellWidth / o.tabWidth) * o.tabWidth;
    return '\t'.repeat(Math.ceil((rounded - textWidth) / o.tabWidth));
  }
  return o.padChar.repeat(Math.max(0, cellWidth - textWidth));
}

class Formatter {
  private readonly out: string[] = [];
  private readonly widths: number[] = [];
  private readonly lines: Line[];
  private readonly o: TabwriterOptions;

  constructor(lines: Line[], o: TabwriterOptions) {
    this.lines = lines;
    this.o = o;
  }

  run(): string {
    this.format(0, this.lines.length);
    return this.out.join('\n');
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    let start = line0;
    for (let i = line0; i < line1; i++) {
      if (column >= (this.lines[i]?.length ?? 0) - 1) continue;
      // a column block begins at line i
      this.writeLines(start, i);
      start = i;
      let w = this.o.minWidth;
      for (; i < line1; i++) {
        const line = this.lines[i] ?? [];
        if (column >= line.length - 1) break;
        w = Math.max(w, width(line[column] ?? '') + this.o.padding);
      }
      this.widths.push(w);
      this.format(start, i);
      this.widths.pop();
      start = i;
      i--; // the outer loop's i++ must re-examine line i
    }
    this.writeLines(start, line1);
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i] ?? [];
      let text = '';
      line.forEach((cell, j) => {
        text += cell;
        const w = this.widths[j];
        if (j < line.length - 1 && w !== undefined) text += padding(width(cell), w, this.o);
      });
      this.out.push(text);
    }
  }
}

/** Aligns tab-separated text; '\n' ends a line. A trailing newline is kept. */
export function tabwrite(text: string, options: TabwriterOptions): string {
  const lines = text.split('\n').map((l) => l.split('\t'));
  return new Formatter(lines, options).run();
}

/** Rows of cells to kubectl-style aligned text, one line per row, ending in a newline. */
export function renderRows(rows: readonly (readonly string[])[], options = KUBECTL_TABLE): string {
  if (rows.length === 0) return '';
  return tabwrite(rows.map((r) => r.join('\t')).join('\n') + '\n', options);
}

/**
 * Rows printed as they come (`get -w`), aligned like kubectl's watch output: each column as wide
 * as the widest cell seen so far (Go tabwriter's RememberWidths); earlier lines are not redrawn.
 */
export class RowPrinter {
  private readonly widths: number[] = [];
  private readonly o: TabwriterOptions;

  constructor(options: TabwriterOptions = KUBECTL_TABLE) {
    this.o = options;
  }

  format(rows: readonly (readonly string[])[]): string {
    for (const row of rows) {
      row.slice(0, -1).forEach((cell, j) => {
        this.widths[j] = Math.max(this.widths[j] ?? this.o.minWidth, width(cell) + this.o.padding);
      });
    }
    return rows
      .map((row) =>
        row
          .map((cell, j) =>
            j < row.length - 1 ? cell + padding(width(cell), this.widths[j] ?? 0, this.o) : cell,
          )
          .join(''),
      )
      .map((line) => line + '\n')
      .join('');
  }
}
