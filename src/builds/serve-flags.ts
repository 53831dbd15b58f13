/**
 * The `isctl serve` flags of builds, in the shape of src/cli/commands/serve-flags.ts's ServeFlag
 * (structural, importing nothing: the CLI loads this for every command).
 */

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
