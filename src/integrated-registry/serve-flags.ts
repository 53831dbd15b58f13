/**
 * The `isctl serve` flags of the integrated registry, in the shape of
 * src/cli/commands/serve-flags.ts's ServeFlag (structural, so this file imports nothing: the CLI
 * loads it for every command).
 */

export const DEFAULT_REGISTRY_LISTEN = '127.0.0.1:5000';

export const INTEGRATED_REGISTRY_SERVE_FLAGS = [
  {
    flags: '--with-registry',
    description:
      'run the Debian docker-registry as the integrated registry (storage in DATA_DIR/registry): pushes create Images and move stream tags',
    option: 'withRegistry',
  },
  {
    flags: '--registry-listen <host:port>',
    description: 'address of the integrated registry (--with-registry); a loopback address is advised',
    option: 'registryListen',
    defaultValue: DEFAULT_REGISTRY_LISTEN,
  },
] as const;
