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
import { parseDurationSetting } from '../api/duration.js';
import type { ScheduleSettings } from './schedule/index.js';

/** `--scheduled-import-interval`, `--max-scheduled-imports-per-minute`, `--disable-scheduled-import` */
export function scheduleFromSettings(settings: Record<string, unknown>): false | ScheduleSettings {
  if (settings.disableScheduledImport === true) return false;
  const schedule: ScheduleSettings = {};
  const interval = settings.scheduledImportInterval;
  if (typeof interval === 'string')
    schedule.intervalMs = parseDurationSetting(interval, '--scheduled-import-interval');
  else if (typeof interval === 'number') schedule.intervalMs = interval * 1000;
  const max = settings.maxScheduledImportsPerMinute;
  if (typeof max === 'number' || typeof max === 'string') schedule.maxPerMinute = Number(max);
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
export function registrySettings(
  settings: Record<string, unknown>,
): Pick<ImporterOptions, 'registryRequestTimeoutMs' | 'trustedTokenRealms' | 'maxListedTags'> {
  const out: Pick<ImporterOptions, 'registryRequestTimeoutMs' | 'trustedTokenRealms' | 'maxListedTags'> = {};
  const timeout = settings.registryRequestTimeout;
  if (typeof timeout === 'string') {
    out.registryRequestTimeoutMs = parseDurationSetting(timeout, '--registry-request-timeout');
    if (out.registryRequestTimeoutMs <= 0) throw new Error('--registry-request-timeout must be above zero');
  }
  if (Array.isArray(settings.trustedTokenRealms)) {
    const realms = settings.trustedTokenRealms as string[];
    parseTrustedRealms(realms);
    out.trustedTokenRealms = realms;
  }
  const tags = settings.maxListedTags;
  if (typeof tags === 'number' || typeof tags === 'string') out.maxListedTags = Number(tags);
  return out;
}

/** `--sigstore-trusted-root`, `--sigstore-identities-file`: read and checked at start */
async function sigstoreSettings(
  settings: Record<string, unknown>,
): Promise<Pick<ImporterOptions, 'sigstoreTrust' | 'sigstoreIdentities'>> {
  const out: Pick<ImporterOptions, 'sigstoreTrust' | 'sigstoreIdentities'> = {};
  if (typeof settings.sigstoreTrustedRoot === 'string')
    out.sigstoreTrust = parseSigstoreTrustedRoot(
      await readFile(settings.sigstoreTrustedRoot, 'utf8'),
      '--sigstore-trusted-root',
    );
  if (typeof settings.sigstoreIdentitiesFile === 'string')
    out.sigstoreIdentities = parseSigstoreIdentitiesFile(
      await readFile(settings.sigstoreIdentitiesFile, 'utf8'),
      '--sigstore-identities-file',
    );
  return out;
}

export async function importerExtensionFromSettings(
  settings: Record<string, unknown>,
): Promise<ServerExtension> {
  const options: Omit<ImporterOptions, 'store' | 'resources' | 'closing'> = {
    platform: typeof settings.platform === 'string' ? parsePlatform(settings.platform) : hostPlatform(),
  };
  if (Array.isArray(settings.allowedRegistries))
    options.allowedRegistries = settings.allowedRegistries as string[];
  if (typeof settings.maxTagsPerRepository === 'number')
    options.maxTagsPerRepository = settings.maxTagsPerRepository;
  else if (typeof settings.maxTagsPerRepository === 'string')
    options.maxTagsPerRepository = Number(settings.maxTagsPerRepository);
  if (typeof settings.registryCredentialsFile === 'string') {
    options.credentials = parseDockerConfig(await readFile(settings.registryCredentialsFile, 'utf8'));
  }
  Object.assign(options, registrySettings(settings));
  if (typeof settings.cosignKeysFile === 'string') {
    options.cosignKeys = parseCosignKeysFile(
      await readFile(settings.cosignKeysFile, 'utf8'),
      '--cosign-keys-file',
    );
  }
  Object.assign(options, await sigstoreSettings(settings));
  if (Array.isArray(settings.registryCredentialsNamespaces))
    options.credentialNamespaces = settings.registryCredentialsNamespaces as string[];
  if (options.credentials && !options.credentialNamespaces?.length)
    log.warn(
      { flag: '--registry-credentials-namespaces' },
      'the --registry-credentials are used by no namespace until --registry-credentials-namespaces names some',
    );
  options.schedule = scheduleFromSettings(settings);
  if (settings.imageImport === false) {
    options.controller = false;
    options.prune = false;
  }
  return importerExtension(options);
}
