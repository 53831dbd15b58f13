/**
 * The one reader of comma-separated, repeatable flag values (`--x a,b --x c` -> a, b, c): every
 * `isctl serve` list flag and the settings schemas use it (settings-schema.ts). Pure.
 */

/** The entries of `value` after those of `previous` (commander passes the earlier value second). */
export function commaList(value: string, previous?: unknown): string[] {
  const before = Array.isArray(previous) ? previous.filter((s): s is string => typeof s === 'string') : [];
  return [
    ...before,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ];
}
