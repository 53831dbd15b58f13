/**
 * The `isctl serve` flags of the importer, in the shape of src/cli/commands/serve-flags.ts's
 * ServeFlag (kept structural so this file imports only the pure duration parser: the CLI loads it for every
 * command).
 */
import { commaList } from '../api/comma-list.js';
import { parseDurationSetting } from '../api/duration.js';
import { z } from 'zod';
import {
  durationSetting,
  listSetting,
  parseSettings,
  switchSetting,
  textSetting,
  wholeNumberSetting,
} from '../api/settings-schema.js';

const NAMESPACE_OR_ALL = /^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;
const NOT_A_NAMESPACE = (bad: string) => `"${bad}" is not a namespace name (or * for all)`;

/** `--registry-credentials-namespaces`: namespace names (RFC 1123 labels) or `*` */
function namespaceList(value: string, previous: unknown): string[] {
  const names = commaList(value, previous);
  const bad = names.find((n) => !NAMESPACE_OR_ALL.test(n));
  if (bad !== undefined) throw new Error(NOT_A_NAMESPACE(bad));
  return names;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < -1) throw new Error(`"${value}" is not a whole number (-1 for no limit)`);
  return n;
}

/** Go duration text (30s, 15m, 1h30m); read again when the server starts. */
function durationText(value: string): string {
  parseDurationSetting(value);
  return value.trim();
}

export const IMPORTER_SERVE_FLAGS = [
  {
    flags: '--allowed-registries <hosts>',
    description:
      'registries images may be imported from (host[:port], *.domain; repeatable, comma-separated; default: all)',
    option: 'allowedRegistries',
    parse: commaList,
  },
  {
    flags: '--registry-credentials <file>',
    description:
      'Docker config.json / .dockerconfigjson with server-wide registry credentials, used only by the namespaces --registry-credentials-namespaces names',
    option: 'registryCredentialsFile',
  },
  {
    flags: '--trusted-token-realms <pairs>',
    description:
      "token services the registry credentials may be sent to besides the registry's own host and the built-in pairs (auth.docker.io for docker.io, sso.redhat.com for registry.redhat.io, ...): REGISTRY=REALMHOST[:PORT], or REALMHOST for every registry; repeatable, comma-separated",
    option: 'trustedTokenRealms',
    parse: commaList,
  },
  {
    flags: '--registry-request-timeout <duration>',
    description: 'deadline of one registry request, retries included (e.g. 10s, 1m)',
    option: 'registryRequestTimeout',
    defaultValue: '30s',
    parse: durationText,
  },
  {
    flags: '--max-listed-tags <n>',
    description: "tags read from a repository's tag list at most; -1 for no limit",
    option: 'maxListedTags',
    defaultValue: '10000',
    parse: integer,
  },
  {
    flags: '--registry-credentials-namespaces <namespaces>',
    description:
      "namespaces whose imports may use the --registry-credentials ('*' for all; repeatable, comma-separated; default: none, each namespace uses only its own pull secrets)",
    option: 'registryCredentialsNamespaces',
    parse: namespaceList,
  },
  {
    flags: '--cosign-keys-file <file>',
    description:
      "YAML or JSON mapping of namespace (or '*' for the others) to PEM cosign public keys: only digests signed with them move that namespace's tags",
    option: 'cosignKeysFile',
  },
  {
    flags: '--sigstore-trusted-root <file>',
    description:
      'Sigstore TrustedRoot JSON (as cosign verify --trusted-root takes): the Fulcio CAs, Rekor and CT log keys keyless signatures are verified against, offline',
    option: 'sigstoreTrustedRoot',
  },
  {
    flags: '--sigstore-identities-file <file>',
    description:
      "YAML or JSON mapping of namespace (or '*' for the others) to {identity or identityRegexp, issuer}: only digests with a Sigstore bundle by that signer move that namespace's tags",
    option: 'sigstoreIdentitiesFile',
  },
  {
    flags: '--platform <os/arch>',
    description:
      'the platform picked from manifest lists in Legacy import mode (default: this host, then linux/amd64)',
    option: 'platform',
  },
  {
    flags: '--max-tags-per-repository <n>',
    description: 'tags a repository import (--all) takes at most; -1 for no limit',
    option: 'maxTagsPerRepository',
    defaultValue: '50',
    parse: integer,
  },
  {
    flags: '--scheduled-import-interval <duration>',
    description: 'how often tags with importPolicy.scheduled are re-checked (e.g. 30s, 15m, 1h)',
    option: 'scheduledImportInterval',
    defaultValue: '15m',
    parse: durationText,
  },
  {
    flags: '--max-scheduled-imports-per-minute <n>',
    description: 'scheduled checks started per minute at most (bursts of twice that); -1 for no limit',
    option: 'maxScheduledImportsPerMinute',
    defaultValue: '60',
    parse: integer,
  },
  {
    flags: '--disable-scheduled-import',
    description: 'do not re-check tags with importPolicy.scheduled periodically',
    option: 'disableScheduledImport',
  },
  {
    flags: '--no-image-import',
    description: 'do not import DockerImage tags automatically, and do not prune daily',
    option: 'imageImport',
  },
] as const;

/**
 * `--registry-credentials` and `--registry-credentials-namespaces`, which the Docker target and
 * builds read too: spread into their settings schemas (with IMPORTER_SERVE_FLAGS for the names).
 */
export const REGISTRY_CREDENTIAL_SETTINGS = {
  registryCredentialsFile: textSetting().optional(),
  registryCredentialsNamespaces: listSetting()
    .check((ctx) => {
      const bad = ctx.value.find((n) => !NAMESPACE_OR_ALL.test(n));
      if (bad !== undefined)
        ctx.issues.push({ code: 'custom', message: NOT_A_NAMESPACE(bad), input: ctx.value });
    })
    .optional(),
};

/** A Go duration, or a number of seconds (as programmatic callers give the interval). */
const secondsOrDuration = () =>
  z
    .unknown()
    .transform((v) => (typeof v === 'number' ? String(v) : v))
    .pipe(durationSetting());

export const ImporterSettingsSchema = z.object({
  allowedRegistries: listSetting().optional(),
  trustedTokenRealms: listSetting().optional(),
  registryRequestTimeout: durationSetting()
    .check((ctx) => {
      if (ctx.value <= 0)
        ctx.issues.push({ code: 'custom', message: 'must be above zero', input: ctx.value });
    })
    .optional(),
  maxListedTags: wholeNumberSetting(-1).optional(),
  cosignKeysFile: textSetting().optional(),
  sigstoreTrustedRoot: textSetting().optional(),
  sigstoreIdentitiesFile: textSetting().optional(),
  platform: textSetting().optional(),
  maxTagsPerRepository: wholeNumberSetting(-1).optional(),
  scheduledImportInterval: secondsOrDuration().optional(),
  maxScheduledImportsPerMinute: wholeNumberSetting(-1).optional(),
  disableScheduledImport: switchSetting().optional(),
  imageImport: switchSetting().optional(),
  ...REGISTRY_CREDENTIAL_SETTINGS,
});
export type ImporterSettings = z.output<typeof ImporterSettingsSchema>;

/** The importer's settings, typed (durations in milliseconds); throws naming the flag of a bad value. */
export function importerSettings(settings: Readonly<Record<string, unknown>>): ImporterSettings {
  return parseSettings(ImporterSettingsSchema, IMPORTER_SERVE_FLAGS, settings);
}
