/**
 * The `isctl serve` flags of the integrated registry, in the shape of
 * src/cli/commands/serve-flags.ts's ServeFlag (structural, importing only pure parsers: the CLI
 * loads it for every command), and the schema its extension reads them through.
 */
import { z } from 'zod';
import { parseSettings, switchSetting, textSetting } from '../api/settings-schema.js';

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

const optionalText = () => textSetting().optional();

/** Its own flags and the server's it derives from (data dir, listen address, TLS, notifications token). */
export const IntegratedRegistrySettingsSchema = z.object({
  withRegistry: switchSetting().optional(),
  registryListen: optionalText(),
  dataDir: optionalText(),
  listen: optionalText(),
  tlsCertFile: optionalText(),
  notificationsToken: optionalText(),
});

/** The integrated registry's settings, typed; throws naming the flag of a bad value. */
export function integratedRegistrySettings(
  settings: Readonly<Record<string, unknown>>,
): z.output<typeof IntegratedRegistrySettingsSchema> {
  return parseSettings(IntegratedRegistrySettingsSchema, INTEGRATED_REGISTRY_SERVE_FLAGS, settings);
}
