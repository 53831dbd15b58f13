/**
 * Building blocks of the zod schemas through which each `isctl serve` part reads its settings
 * into a typed object. A setting arrives parsed (the flag's own parser ran) or as text (a flag's
 * default, which commander does not parse; a programmatic caller); both read the same. Errors
 * name the flag: `--rollout-health-timeout: "soon" is not a duration …`. Pure (zod and the
 * duration and list parsers only), so the flag files the CLI loads for every command stay light.
 */
import { z } from 'zod';
import { commaList } from './comma-list.js';
import { parseDurationSetting } from './duration.js';

/** What a schema error needs of a flag: its commander syntax and the setting it sets. */
export interface SettingFlag {
  flags: string;
  option: string;
}

/** A setting that is not what its flag takes; the message names the flag. */
export class InvalidSettingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidSettingError';
  }
}

/** A Go duration (`90s`, `1m30s`; a bare number is seconds), in milliseconds, never negative. */
export const durationSetting = () =>
  parsedSetting(
    parseDurationSetting,
    (v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0,
    'must be a duration such as 30s, 1m30s or 500ms',
  );

/** A whole number of at least `min` (`-1` where -1 means "no limit"). */
export const wholeNumberSetting = (min: number) =>
  z.unknown().transform((v, ctx) => {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= min) return n;
    ctx.addIssue({ code: 'custom', message: `must be a whole number >= ${min}, not ${JSON.stringify(v)}` });
    return z.NEVER;
  });

/** A list flag: the entries already collected, or comma-separated text. */
export const listSetting = () =>
  z.union([z.array(z.string()), z.string().transform((s) => commaList(s))], {
    error: 'must be a comma-separated list',
  });

/** A flag without a value (`--disable-x`; commander's `--no-x` gives false). */
export const switchSetting = () => z.boolean({ error: 'must be true or false' });

/**
 * Text read by `parse` (e.g. `10/1m`), or a value that `isParsed` says it already produced;
 * anything else is refused with `expected`.
 */
export const parsedSetting = <T>(
  parse: (text: string) => T,
  isParsed: (v: unknown) => v is T,
  expected = 'must be text',
) =>
  z.unknown().transform((v, ctx): T => {
    if (isParsed(v)) return v;
    try {
      if (typeof v === 'string') return parse(v);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
      return z.NEVER;
    }
    ctx.addIssue({ code: 'custom', message: expected });
    return z.NEVER;
  });

/** A file path or other text. */
export const textSetting = () => z.string({ error: 'must be text' });

function flagName(flags: readonly SettingFlag[], key: PropertyKey | undefined): string {
  const flag = flags.find((f) => f.option === key);
  return flag ? (flag.flags.split(/[ ,]/)[0] ?? flag.flags) : String(key);
}

/**
 * `settings` read through `schema` (a z.object over the settings the part reads: other settings
 * pass untouched and are dropped); throws InvalidSettingError naming each bad flag.
 */
export function parseSettings<S extends z.ZodType>(
  schema: S,
  flags: readonly SettingFlag[],
  settings: Readonly<Record<string, unknown>>,
): z.output<S> {
  const result = schema.safeParse(settings);
  if (result.success) return result.data;
  throw new InvalidSettingError(
    result.error.issues
      .map((i) => {
        const name = flagName(flags, i.path[0]);
        // a parser shared with the flag may name it already
        return i.message.startsWith(`${name}: `) ? i.message : `${name}: ${i.message}`;
      })
      .join('; '),
  );
}
