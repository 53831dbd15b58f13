/**
 * The `isctl serve` flags of builds, in the shape of src/cli/commands/serve-flags.ts's ServeFlag
 * (structural, importing only pure parsers: the CLI loads this for every command), and the schema
 * its extension reads them through.
 */
import { z } from 'zod';
import { parseSettings, switchSetting, textSetting, wholeNumberSetting } from '../api/settings-schema.js';
import { IMPORTER_SERVE_FLAGS, REGISTRY_CREDENTIAL_SETTINGS } from '../importer/serve-flags.js';
import { DOCKER_TARGET_SERVE_FLAGS } from '../triggers/controller/serve-flags.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`"${value}" is not a positive integer`);
  return n;
}

export const BUILDS_SERVE_FLAGS = [
  {
    flags: '--max-concurrent-builds <n>',
    description: 'builds the leader runs at once on the Docker engine (--docker-host)',
    option: 'maxConcurrentBuilds',
    defaultValue: '2',
    parse: positiveInt,
  },
  {
    flags: '--disable-builds',
    description: 'serve BuildConfigs and Builds but run no builds',
    option: 'disableBuilds',
  },
] as const;

export const BuildsSettingsSchema = z.object({
  maxConcurrentBuilds: wholeNumberSetting(1).optional(),
  disableBuilds: switchSetting().optional(),
  /** the Docker target's --docker-host: builds run on the same engine */
  dockerHost: textSetting().optional(),
  ...REGISTRY_CREDENTIAL_SETTINGS,
});
export type BuildsSettings = z.output<typeof BuildsSettingsSchema>;

/** The builds settings, typed; throws naming the flag of a bad value. */
export function buildsSettings(settings: Readonly<Record<string, unknown>>): BuildsSettings {
  return parseSettings(
    BuildsSettingsSchema,
    [...BUILDS_SERVE_FLAGS, ...DOCKER_TARGET_SERVE_FLAGS, ...IMPORTER_SERVE_FLAGS],
    settings,
  );
}
