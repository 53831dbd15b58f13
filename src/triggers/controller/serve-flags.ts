/**
 * The `isctl serve` flags of the Docker target, in the shape of src/cli/commands/serve-flags.ts's
 * ServeFlag (structural, importing only pure parsers: the CLI loads this for every command), and
 * the schema its extension reads them through.
 */
import { z } from 'zod';
import { parseDurationSetting } from '../../api/duration.js';
import { durationSetting, parseSettings, switchSetting, textSetting } from '../../api/settings-schema.js';
import { IMPORTER_SERVE_FLAGS, REGISTRY_CREDENTIAL_SETTINGS } from '../../importer/serve-flags.js';

export const DOCKER_TARGET_SERVE_FLAGS = [
  {
    flags: '--docker-host <url>',
    description:
      'Docker engine to roll containers on (unix:///path or tcp://host:port; default $DOCKER_HOST, then /var/run/docker.sock)',
    option: 'dockerHost',
  },
  {
    flags: '--disable-docker-target',
    description: 'do not roll out Docker containers that follow image stream tags',
    option: 'disableDockerTarget',
  },
  {
    flags: '--rollout-health-timeout <duration>',
    description: 'how long a replaced container may take to become healthy before the rollout is rolled back',
    option: 'rolloutHealthTimeoutMs',
    defaultValue: '60s',
    parse: (value: string) => parseDurationSetting(value),
  },
] as const;

export const DockerTargetSettingsSchema = z.object({
  dockerHost: textSetting().optional(),
  disableDockerTarget: switchSetting().optional(),
  rolloutHealthTimeoutMs: durationSetting().optional(),
  ...REGISTRY_CREDENTIAL_SETTINGS,
});
export type DockerTargetSettings = z.output<typeof DockerTargetSettingsSchema>;

/** The Docker target's settings, typed; throws naming the flag of a bad value. */
export function dockerTargetSettings(settings: Readonly<Record<string, unknown>>): DockerTargetSettings {
  return parseSettings(
    DockerTargetSettingsSchema,
    [...DOCKER_TARGET_SERVE_FLAGS, ...IMPORTER_SERVE_FLAGS],
    settings,
  );
}
