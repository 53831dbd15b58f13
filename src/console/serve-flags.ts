/**
 * The `isctl serve` flags of the web console, in the shape of src/cli/commands/serve-flags.ts's
 * ServeFlag (structural, importing only pure parsers: the CLI loads this for every command), and
 * the schema its extension reads them through.
 */
import { z } from 'zod';
import { parseSettings, switchSetting } from '../api/settings-schema.js';

export const CONSOLE_SERVE_FLAGS = [
  {
    flags: '--disable-console',
    description: 'do not serve the web console at /console/',
    option: 'disableConsole',
  },
] as const;

export const ConsoleSettingsSchema = z.object({ disableConsole: switchSetting().optional() });

/** The console's settings, typed; throws naming the flag of a bad value. */
export function consoleSettings(
  settings: Readonly<Record<string, unknown>>,
): z.output<typeof ConsoleSettingsSchema> {
  return parseSettings(ConsoleSettingsSchema, CONSOLE_SERVE_FLAGS, settings);
}
