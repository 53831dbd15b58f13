/**
 * The registries the server may import from (`--allowed-registries`), as OpenShift's
 * `allowedRegistriesForImport` whitelister: host patterns with `*` wildcards and an optional port
 * (`*.example.com`, `quay.io`, `localhost:5000`, `host:*`); an empty list allows everything. A
 * pattern without a port matches the registry's default ports only, because `evil.com:8443` is
 * a different service from `evil.com`.
 */
import { forbidden, type StatusError } from '../api/status-error.js';
import { DOCKER_HUB, isDockerHub } from '../registry/host.js';

const DEFAULT_PORTS = new Set(['', '443', '80']);

interface HostPort {
  host: string;
  port: string;
}

function splitHostPort(text: string): HostPort {
  const lower = text.trim().toLowerCase();
  const idx = lower.lastIndexOf(':');
  // an IPv6 literal without a port ends with ']'
  if (idx < 0 || lower.endsWith(']')) return { host: normaliseHost(lower), port: '' };
  return { host: normaliseHost(lower.slice(0, idx)), port: lower.slice(idx + 1) };
}

function normaliseHost(host: string): string {
  return isDockerHub(host) ? DOCKER_HUB : host;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

interface Rule {
  text: string;
  host: RegExp;
  port: string;
}

export interface RegistryAllowList {
  /** the patterns as given */
  readonly patterns: readonly string[];
  /** true when the registry host (with optional port) may be imported from */
  allows(registry: string): boolean;
  /** a 403 Forbidden StatusError when the registry is not allowed, else undefined */
  check(registry: string): StatusError | undefined;
}

function matches(rule: Rule, target: HostPort): boolean {
  if (!rule.host.test(target.host)) return false;
  if (rule.port === '*') return true;
  if (rule.port === '') return DEFAULT_PORTS.has(target.port);
  return rule.port === target.port;
}

/** Parses `--allowed-registries` (a list or one comma-separated string). */
export function createRegistryAllowList(patterns: readonly string[] | string | undefined): RegistryAllowList {
  const list = (typeof patterns === 'string' ? patterns.split(',') : (patterns ?? []))
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const rules: Rule[] = list.map((text) => {
    const hp = splitHostPort(text);
    return { text, host: globToRegExp(hp.host), port: hp.port };
  });
  const allows = (registry: string): boolean =>
    rules.length === 0 || rules.some((r) => matches(r, splitHostPort(registry)));
  return {
    patterns: list,
    allows,
    check(registry) {
      if (allows(registry)) return undefined;
      const names = list.map((p) => JSON.stringify(p)).join(', ');
      return forbidden(`registry "${registry}" not allowed by whitelist: ${names}`);
    },
  };
}
