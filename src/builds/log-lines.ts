/**
 * The stored form of a build log and the views `builds/log` serves of it, pure. The stored text
 * has every line prefixed with the time it was written (`2026-01-02T03:04:05.678Z text`), as the
 * kubelet keeps container logs, so that `sinceTime`, `sinceSeconds` and `timestamps` work on
 * any replica; a log stored before timestamps were kept (`timed` unset) has lines without times.
 */

export interface LogLine {
  /** ms since the epoch; undefined for a log stored without times */
  time?: number;
  /** the time as stored (RFC 3339, UTC) */
  stamp?: string;
  /** the line's text with its newline (the last line of a log may have none yet) */
  text: string;
}

/** `chunk` with the time prefixed to every line that starts in it; `atLineStart`: the previous chunk ended a line */
export function stampChunk(chunk: string, atLineStart: boolean, now: Date): string {
  if (chunk === '') return '';
  const stamp = `${now.toISOString()} `;
  const lines = chunk.split('\n');
  const last = lines.length - 1;
  return lines
    .map((line, i) => {
      // the piece after the final newline is empty: no line starts there yet
      if (i === last && line === '') return '';
      return (i === 0 && !atLineStart ? '' : stamp) + line + (i < last ? '\n' : '');
    })
    .join('');
}

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z) /;

/** the lines of stored text that starts at a line start; `timed`: each has a time prefix */
export function parseLines(stored: string, timed: boolean): LogLine[] {
  if (stored === '') return [];
  const pieces = stored.split(/(?<=\n)/);
  return pieces.map((piece) => {
    const m = timed ? STAMP.exec(piece) : null;
    if (!m?.[1]) return { text: piece };
    return { time: Date.parse(m[1]), stamp: m[1], text: piece.slice(m[0].length) };
  });
}

/** the length of `stored` up to the end of its last complete line */
export function completeLength(stored: string): number {
  return stored.lastIndexOf('\n') + 1;
}

/** stored text with the time prefixes taken off */
export function plainText(stored: string, timed: boolean): string {
  return parseLines(stored, timed)
    .map((l) => l.text)
    .join('');
}

export interface LogView {
  /** keep lines written at or after this time (ms since the epoch) */
  since?: number;
  /** the last N lines only */
  tailLines?: number;
  /** prefix each line with its time */
  timestamps?: boolean;
}

export function selectLines(lines: readonly LogLine[], view: LogView): LogLine[] {
  const since = view.since;
  // a line without a time (an old log) is never filtered out: its age is unknown
  const kept =
    since === undefined ? [...lines] : lines.filter((l) => l.time === undefined || l.time >= since);
  return view.tailLines === undefined ? kept : kept.slice(Math.max(0, kept.length - view.tailLines));
}

export function renderLines(lines: readonly LogLine[], timestamps: boolean): string {
  return lines.map((l) => (timestamps && l.stamp ? `${l.stamp} ${l.text}` : l.text)).join('');
}

/** the first `limit` bytes of `text` (UTF-8), never splitting a character */
export function limitBytes(text: string, limit: number): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= limit) return text;
  let end = limit;
  // back off over UTF-8 continuation bytes so that no character is cut
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
