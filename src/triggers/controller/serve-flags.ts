/**
 * The `isctl serve` flags of the Docker target, in the shape of src/cli/commands/serve-flags.ts's
 * ServeFlag (structural, importing only the pure duration parser: the CLI loads this for every
 * command).
 */

import { parseDurationSetting } from '../../api/duration.js';

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
