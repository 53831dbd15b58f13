/**
 * Registry credentials from a Docker `config.json` or a Kubernetes `.dockerconfigjson` /
 * `.dockercfg` secret. Keys may be `https://index.docker.io/v1/`, `docker.io`, `host:port` or
 * `http(s)://host/v2/`; all are normalised to the registry's canonical host.
 */
import { z } from 'zod';
import { canonicalRegistry } from '../host.js';

export interface Credential {
  username: string;
  password: string;
}

/** Returns the credential for a registry host (`host[:port]`, `docker.io`), if any. */
export interface CredentialStore {
  get(registry: string): Credential | undefined;
  /**
   * Who these credentials belong to (e.g. `namespace/NS`), for caches that must not share
   * answers between owners of different credentials; never the credentials themselves.
   */
  readonly scope?: string;
}

const AuthEntrySchema = z.object({
  auth: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
});

/** `{ "auths": { KEY: ENTRY } }`: config.json and Kubernetes `.dockerconfigjson`. */
const DockerConfigSchema = z.object({
  auths: z.record(z.string(), AuthEntrySchema).default({}),
});
type DockerConfigSchema = z.infer<typeof DockerConfigSchema>;

/** Bare `{ KEY: ENTRY }`: the legacy `.dockercfg` secret. */
const LegacyDockerCfgSchema = z.record(z.string(), AuthEntrySchema);
type LegacyDockerCfgSchema = z.infer<typeof LegacyDockerCfgSchema>;

/** Keys only a config.json has: their presence means "not a legacy .dockercfg". */
const CONFIG_JSON_KEYS = ['auths', 'credsStore', 'credHelpers', 'HttpHeaders'];

/** Why a docker config was refused; the message never quotes the config's content. */
export class CredentialsParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CredentialsParseError';
  }
}

function decodeEntry(entry: z.infer<typeof AuthEntrySchema>): Credential | undefined {
  if (entry.username !== undefined && entry.password !== undefined && entry.username !== '') {
    return { username: entry.username, password: entry.password };
  }
  if (!entry.auth) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A store over a fixed map; the first entry for a host wins, as in OpenShift's keyring. */
export function createCredentialStore(entries: Record<string, Credential>): CredentialStore {
  const byHost = new Map<string, Credential>();
  for (const [key, cred] of Object.entries(entries)) {
    const host = canonicalRegistry(key);
    if (!byHost.has(host)) byHost.set(host, cred);
  }
  return { get: (registry) => byHost.get(canonicalRegistry(registry)) };
}

function parseJson(input: string | unknown): unknown {
  if (typeof input !== 'string') return input;
  try {
    return JSON.parse(input);
  } catch (err) {
    throw new CredentialsParseError('docker config is not valid JSON', { cause: err });
  }
}

function authEntries(value: unknown): LegacyDockerCfgSchema {
  const modern =
    typeof value === 'object' &&
    value !== null &&
    CONFIG_JSON_KEYS.some((k) => k in (value as Record<string, unknown>));
  const parsed = modern ? DockerConfigSchema.safeParse(value) : LegacyDockerCfgSchema.safeParse(value);
  if (!parsed.success) {
    // zod issues carry paths and expectations, not the values: safe to chain
    throw new CredentialsParseError('docker config has no valid "auths" map', {
      cause: new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')),
    });
  }
  return modern ? (parsed.data as DockerConfigSchema).auths : (parsed.data as LegacyDockerCfgSchema);
}

/**
 * Parses a docker config (JSON text or an already-parsed object). Entries without usable
 * credentials (e.g. only `identitytoken`, credHelpers) are skipped.
 */
export function parseDockerConfig(input: string | unknown): CredentialStore {
  const entries: Record<string, Credential> = {};
  for (const [key, entry] of Object.entries(authEntries(parseJson(input)))) {
    const cred = decodeEntry(entry);
    if (cred && !(key in entries)) entries[key] = cred;
  }
  return createCredentialStore(entries);
}

/** Asks each store in turn; the first that knows the host answers. */
export function combineCredentialStores(...stores: CredentialStore[]): CredentialStore {
  return {
    get(registry) {
      for (const s of stores) {
        const c = s.get(registry);
        if (c) return c;
      }
      return undefined;
    },
  };
}

export const noCredentials: CredentialStore = { get: () => undefined };
