/**
 * The `isctl serve` flags of the Docker target, in the shape of src/cli/commands/serve-flags.ts's
 * ServeFlag (structural, importing nothing: the CLI loads this for every command).
 */

/** `90s`, `2m`, `1500ms` or a bare number of seconds -> milliseconds. */
export function parseDurationMs(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new Error(`"${value}" is not a duration (e.g. 60s, 2m, 1500ms)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000;
  return Math.round(n * factor);
}

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
    parse: parseDurationMs,
  },
] as const;
