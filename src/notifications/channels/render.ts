/** The parts of a Notice that every payload shares: colours, plain text. Pure. */
import { Severity, type Notice } from './notice.js';

const HEX: Record<Severity, string> = {
  [Severity.Info]: '439FE0',
  [Severity.Success]: '2EB67D',
  [Severity.Warning]: 'ECB22E',
  [Severity.Error]: 'E01E5A',
};

/** `RRGGBB` (no `#`) for the severity, unless the URL set one */
export function severityHex(notice: Notice, override?: string): string {
  return (override ?? HEX[notice.severity]).replace(/^#/, '');
}

/** the message, then one `label: value` line per field */
export function plainText(notice: Notice): string {
  const lines = [notice.message, '', ...notice.fields.map(([k, v]) => `${k}: ${v}`)];
  return lines.join('\n').trim();
}

/** everything, title first, for mail and ntfy */
export function fullText(notice: Notice): string {
  return `${plainText(notice)}\n\nnamespace: ${notice.namespace}\ntime: ${notice.time}`;
}
