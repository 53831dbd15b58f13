/**
 * The `isctl serve` flags of the web console, in the shape of src/cli/commands/serve-flags.ts's
 * ServeFlag (structural, importing nothing: the CLI loads this for every command).
 */
export const CONSOLE_SERVE_FLAGS = [
  {
    flags: '--disable-console',
    description: 'do not serve the web console at /console/',
    option: 'disableConsole',
  },
] as const;
