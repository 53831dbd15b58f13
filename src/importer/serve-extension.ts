/** The importer's server extension built from `isctl serve` settings (see serve-flags.ts). */
import { readFile } from 'node:fs/promises';
import { logger } from '../observability/logger.js';
import { parseDockerConfig, parseTrustedRealms } from '../registry/index.js';
import type { ServerExtension } from '../server/serve.js';
import {
  importerExtension,
  parseCosignKeysFile,
  parseSigstoreIdentitiesFile,
  parseSigstoreTrustedRoot,
  type ImporterOptions,
} from './index.js';
import { hostPlatform, type Platform } from './platform-selection.js';
import { importerSettings, type ImporterSettings } from './serve-flags.js';
import type { ScheduleSettings } from './schedule/index.js';

/** `--scheduled-import-interval`, `--max-scheduled-imports-per-minute`, `--disable-scheduled-import` */
export function scheduleFromSettings(raw: Record<string, unknown>): false | ScheduleSettings {
  const settings = importerSettings(raw);
  if (settings.disableScheduledImport === true) return false;
  const schedule: ScheduleSettings = {};
  if (settings.scheduledImportInterval !== undefined) schedule.intervalMs = settings.scheduledImportInterval;
  if (settings.maxScheduledImportsPerMinute !== undefined)
    schedule.maxPerMinute = settings.maxScheduledImportsPerMinute;
  return schedule;
}

const log = logger('importer');

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant] = text.split('/');
  if (!os || !architecture)
    throw new Error(`--platform must be os/arch[/variant], e.g. linux/arm64, not "${text}"`);
  return { os, architecture, ...(variant ? { variant } : {}) };
}

/** `--registry-request-timeout`, `--trusted-token-realms`, `--max-listed-tags`; bad values throw at start. */
function registrySettings(
  settings: ImporterSettings,
): Pick<ImporterOptions, 'registryRequestTimeoutMs' | 'trustedTokenRealms' | 'maxListedTags'> {
  const out: Pick<ImporterOptions, 'registryRequestTimeoutMs' | 'trustedTokenRealms' | 'maxListedTags'> = {};
  if (settings.registryRequestTimeout !== undefined)
    out.registryRequestTimeoutMs = settings.registryRequestTimeout;
  if (settings.trustedTokenRealms !== undefined) {
    parseTrustedRealms(settings.trustedTokenRealms);
    out.trustedTokenRealms = settings.trustedTokenRealms;
  }
  if (settings.maxListedTags !== undefined) out.maxListedTags = settings.maxListedTags;
  return out;
}

/** `--sigstore-trusted-root`, `--sigstore-identities-file`: read and checked at start */
async function sigstoreSettings(
  settings: ImporterSettings,
): Promise<Pick<ImporterOptions, 'sigstoreTrust' | 'sigstoreIdentities'>> {
  const out: Pick<ImporterOptions, 'sigstoreTrust' | 'sigstoreIdentities'> = {};
  if (settings.sigstoreTrustedRoot !== undefined)
    out.sigstoreTrust = parseSigstoreTrustedRoot(
      await readFile(settings.sigstoreTrustedRoot, 'utf8'),
      '--sigstore-trusted-root',
    );
  if (settings.sigstoreIdentitiesFile !== undefined)
    out.sigstoreIdentities = parseSigstoreIdentitiesFile(
      await readFile(settings.sigstoreIdentitiesFile, 'utf8'),
      '--sigstore-identities-file',
    );
  return out;
}

export async function importerExtensionFromSettings(raw: Record<string, unknown>): Promise<ServerExtension> {
  const settings = importerSettings(raw);
  const options: Omit<ImporterOptions, 'store' | 'resources' | 'closing'> = {
    platform: settings.platform !== undefined ? parsePlatform(settings.platform) : hostPlatform(),
  };
  if (settings.allowedRegistries !== undefined) options.allowedRegistries = settings.allowedRegistries;
  if (settings.maxTagsPerRepository !== undefined)
    options.maxTagsPerRepository = settings.maxTagsPerRepository;
  if (settings.registryCredentialsFile !== undefined)
    options.credentials = parseDockerConfig(await readFile(settings.registryCredentialsFile, 'utf8'));
  Object.assign(options, registrySettings(settings));
  if (settings.cosignKeysFile !== undefined)
    options.cosignKeys = parseCosignKeysFile(
      await readFile(settings.cosignKeysFile, 'utf8'),
      '--cosign-keys-file',
    );
  Object.assign(options, await sigstoreSettings(settings));
  if (settings.registryCredentialsNamespaces !== undefined)
    options.credentialNamespaces = settings.registryCredentialsNamespaces;
  if (options.credentials && !options.credentialNamespaces?.length)
    log.warn(
      { flag: '--registry-credentials-namespaces' },
      'the --registry-credentials are used by no namespace until --registry-credentials-namespaces names some',
    );
  options.schedule = scheduleFromSettings(raw);
  if (settings.imageImport === false) {
    options.controller = false;
    options.prune = false;
  }
  return importerExtension(options);
}
