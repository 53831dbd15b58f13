/**
 * What `isctl serve` can be told, in one place. SERVE_FLAGS maps each command-line flag onto one
 * setting: a ServerOptions field, or a setting of a part's server extension. SERVE_EXTENSIONS
 * turns the settings into the extensions the server runs (importer, watching, triggers). A part
 * adds a flag with one line in SERVE_FLAGS and its extension with one line in SERVE_EXTENSIONS;
 * a factory imports its module lazily, so client commands never load server code.
 */
import { InvalidArgumentError, Option } from 'commander';
import type { ServerExtension, ServerOptions } from '../../server/serve.js';
import { IMPORTER_SERVE_FLAGS } from '../../importer/serve-flags.js';
import { parseDurationSetting } from '../../api/duration.js';
import { NOTIFICATIONS_SERVE_FLAGS } from '../../notifications/serve-flags.js';
import { DOCKER_TARGET_SERVE_FLAGS } from '../../triggers/controller/serve-flags.js';
import { KUBERNETES_SERVE_FLAGS } from '../../triggers/targets/kubernetes/serve-flags.js';
import { INTEGRATED_REGISTRY_SERVE_FLAGS } from '../../integrated-registry/serve-flags.js';
import { BUILDS_SERVE_FLAGS } from '../../builds/serve-flags.js';
import { CONSOLE_SERVE_FLAGS } from '../../console/serve-flags.js';
import { AGGREGATION_SERVE_FLAGS } from '../../server/auth/delegated/serve-flags.js';

/** ServerOptions plus the settings extensions read (e.g. `allowedRegistries`). */
export type ServeSettings = ServerOptions & Record<string, unknown>;

/** Builds a part's extension from the settings; undefined when the settings leave it off. */
export type ExtensionFactory = (settings: ServeSettings) => Promise<ServerExtension | undefined>;

export const SERVE_EXTENSIONS: readonly ExtensionFactory[] = [
  async (s) => (await import('../../importer/serve-extension.js')).importerExtensionFromSettings(s),
  async (s) => (await import('../../notifications/serve-extension.js')).notificationsExtensionFromSettings(s),
  async (s) =>
    (await import('../../triggers/targets/kubernetes/serve-extension.js')).kubernetesExtensionFromSettings(s),
  async (s) =>
    (await import('../../triggers/controller/serve-extension.js')).dockerTargetExtensionFromSettings(s),
  async (s) =>
    (await import('../../integrated-registry/extension.js')).integratedRegistryExtensionFromSettings(s),
  async () =>
    (await import('../../triggers/webhook/serve-extension.js')).webhookTriggerExtensionFromSettings(),
  async (s) => (await import('../../builds/serve-extension.js')).buildsExtensionFromSettings(s),
  async (s) => (await import('../../console/serve-extension.js')).consoleExtensionFromSettings(s),
  async () =>
    (await import('../../admission/serve-extension.js')).imageLookupAdmissionExtensionFromSettings(),
];

export interface ServeFlag {
  /** commander syntax: `--listen <host:port>`; a flag without a value is a boolean */
  flags: string;
  description: string;
  /** the setting it sets: a ServerOptions field or an extension's setting */
  option: (keyof ServerOptions & string) | (string & {});
  defaultValue?: string | boolean | string[];
  /** turns the text into the option's value; repeated flags get the previous value */
  parse?: (value: string, previous: unknown) => unknown;
}

/** `--flag`, `--flag=true`, `--flag=false`, as Go's flag package reads a boolean */
function boolFlag(value: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new InvalidArgumentError(`must be true or false, not "${value}"`);
}

/** A Go duration flag (`60s`, `1m30s`, `500ms`; a bare number is seconds) in milliseconds. */
function durationFlag(value: string): number {
  return parseDurationSetting(value);
}

function wholeNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(`must be a whole number >= 0, not "${value}"`);
  return n;
}

export const SERVE_FLAGS: readonly ServeFlag[] = [
  {
    flags: '--listen <host:port>',
    description: 'address to serve the API on',
    option: 'listen',
    defaultValue: '127.0.0.1:8443',
  },
  {
    flags: '--data-dir <dir>',
    description: 'directory for the database',
    option: 'dataDir',
    defaultValue: './.imagestreams',
  },
  {
    flags: '--store <url>',
    description:
      'where objects live: sqlite://PATH (default DATA_DIR/imagestreams.db) or etcd://HOST:PORT[,HOST:PORT…][?ca=&cert=&key=] for several replicas',
    option: 'storeUrl',
  },
  {
    flags: '--accept-empty-store',
    description:
      'SQLite: start although the store file is empty or missing while its identity file says it held data (after a deliberate reset; see docs/operations.md)',
    option: 'acceptEmptyStore',
  },
  {
    flags: '--leader-lease-ttl <seconds>',
    description:
      'with etcd: the controller leadership lease; a dead leader is replaced within it (default 10)',
    option: 'leaderLeaseTtlSeconds',
    parse: (value: string) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 2)
        throw new InvalidArgumentError(`must be a whole number of seconds >= 2, not "${value}"`);
      return n;
    },
  },
  {
    flags: '--token-auth-file <file>',
    description: 'bearer tokens and grants (kube-apiserver format)',
    option: 'tokenAuthFile',
  },
  {
    flags: '--tls-cert-file <file>',
    description: 'serve HTTPS with this certificate (PEM)',
    option: 'tlsCertFile',
  },
  {
    flags: '--tls-private-key-file <file>',
    description: 'the private key of --tls-cert-file (PEM)',
    option: 'tlsKeyFile',
  },
  {
    flags: '--allow-link-local-egress',
    description:
      'let outbound requests (registries, token realms, redirects, webhooks) reach link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10, 169.254.169.254, fd00:ec2::254, metadata.google.internal)',
    option: 'allowLinkLocalEgress',
  },
  {
    flags: '--request-timeout <duration>',
    description:
      'deadline of every API request but watches (Go duration, e.g. 60s, 2m; default 60s); past it the answer is 504 Timeout; 0 turns it off',
    option: 'requestTimeoutMs',
    parse: durationFlag,
  },
  {
    flags: '--max-watches-per-user <n>',
    description: 'open watches one user may hold (default 100); one more is answered 429 (0: no limit)',
    option: 'maxWatchesPerUser',
    parse: wholeNumber,
  },
  {
    flags: '--watch-stall-timeout <duration>',
    description:
      'a watch whose client stopped reading (its connection stayed full) this long is closed; the client watches again (default 10s; 0: never)',
    option: 'watchStallTimeoutMs',
    parse: durationFlag,
  },
  {
    flags: '--watch-cache [bool]',
    description:
      "serve GET and LIST from an in-memory cache fed by the store's watch, as kube-apiserver (default true; --watch-cache=false reads the store every time)",
    option: 'watchCache',
    parse: boolFlag,
  },
  ...IMPORTER_SERVE_FLAGS,
  ...NOTIFICATIONS_SERVE_FLAGS,
  ...KUBERNETES_SERVE_FLAGS,
  ...DOCKER_TARGET_SERVE_FLAGS,
  ...INTEGRATED_REGISTRY_SERVE_FLAGS,
  ...BUILDS_SERVE_FLAGS,
  ...CONSOLE_SERVE_FLAGS,
  ...AGGREGATION_SERVE_FLAGS,
];

/** A flag's parser whose errors commander reports naming the flag (`option '--x <d>' argument ...`). */
function invalidArgument(parse: NonNullable<ServeFlag['parse']>, value: string, previous: unknown): unknown {
  try {
    return parse(value, previous);
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw e;
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}

function toOption(flag: ServeFlag): Option {
  const option = new Option(flag.flags, flag.description);
  if (flag.defaultValue !== undefined) option.default(flag.defaultValue);
  const parse = flag.parse;
  if (parse) option.argParser((value: string, previous: unknown) => invalidArgument(parse, value, previous));
  return option;
}

/** The commander options for a list of serve flags. */
export function serveOptions(flags: readonly ServeFlag[] = SERVE_FLAGS): Option[] {
  return flags.map(toOption);
}

/** Parsed commander values back onto settings; flags not given (and without default) are left out. */
export function toServeSettings(
  parsed: Record<string, unknown>,
  flags: readonly ServeFlag[] = SERVE_FLAGS,
): Partial<ServeSettings> {
  const out: Record<string, unknown> = {};
  for (const flag of flags) {
    const value = parsed[toOption(flag).attributeName()];
    if (value !== undefined) out[flag.option] = value;
  }
  return out as Partial<ServeSettings>;
}

/** The extensions the settings switch on, in SERVE_EXTENSIONS order. */
export async function buildExtensions(
  settings: ServeSettings,
  factories: readonly ExtensionFactory[] = SERVE_EXTENSIONS,
): Promise<ServerExtension[]> {
  const out: ServerExtension[] = [];
  for (const factory of factories) {
    const extension = await factory(settings);
    if (extension) out.push(extension);
  }
  return out;
}
