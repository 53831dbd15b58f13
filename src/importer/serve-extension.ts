/** The importer's server extension built from `isctl serve` settings (see serve-flags.ts). */
import { readFile } from 'node:fs/promises';
import { parseDockerConfig } from '../registry/index.js';
import type { ServerExtension } from '../server/serve.js';
import { importerExtension, type ImporterOptions } from './index.js';
import { hostPlatform, type Platform } from './platform-selection.js';

export function parsePlatform(text: string): Platform {
  const [os, architecture, variant] = text.split('/');
  if (!os || !architecture)
    throw new Error(`--platform must be os/arch[/variant], e.g. linux/arm64, not "${text}"`);
  return { os, architecture, ...(variant ? { variant } : {}) };
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
  if (settings.imageImport === false) {
    options.controller = false;
    options.prune = false;
  }
  return importerExtension(options);
}
