/**
 * kube-apiserver's front proxy (the aggregator) names the user in request headers and proves it
 * is the proxy with a client certificate from the request-header CA whose CN is allowed
 * (`--requestheader-allowed-names`; empty: any). Pure: the headers to a user (name, uid, groups,
 * extra), as k8s.io/apiserver's requestheader authenticator reads them.
 */
import type { UserInfo } from '../../resources/resource-def.js';

export interface RequestHeaderConfig {
  /** the CA bundle (PEM) that signs the proxy's client certificates */
  caPem: string;
  allowedNames: string[];
  usernameHeaders: string[];
  /** headers naming the user's uid (kube 1.32's --requestheader-uid-headers) */
  uidHeaders: string[];
  groupHeaders: string[];
  extraHeaderPrefixes: string[];
}

export const DEFAULT_REQUEST_HEADERS = {
  usernameHeaders: ['X-Remote-User'],
  uidHeaders: ['X-Remote-Uid'],
  groupHeaders: ['X-Remote-Group'],
  extraHeaderPrefixes: ['X-Remote-Extra-'],
} as const;

/** Header values, each header possibly repeated (node's `headersDistinct`). */
export type DistinctHeaders = Record<string, string[] | undefined>;

function values(headers: DistinctHeaders, name: string): string[] {
  return (headers[name.toLowerCase()] ?? []).filter((v) => v !== '');
}

function unescapeKey(key: string): string {
  try {
    return decodeURIComponent(key);
  } catch {
    return key;
  }
}

function extrasOf(headers: DistinctHeaders, prefixes: string[]): Record<string, string[]> {
  const extra: Record<string, string[]> = {};
  for (const prefix of prefixes.map((p) => p.toLowerCase())) {
    for (const [name, vs] of Object.entries(headers)) {
      if (!name.startsWith(prefix) || name.length === prefix.length || !vs) continue;
      const key = unescapeKey(name.slice(prefix.length));
      (extra[key] ??= []).push(...vs);
    }
  }
  return extra;
}

/** The user the proxy names, or undefined when no username header is set. */
export function userFromHeaders(headers: DistinctHeaders, config: RequestHeaderConfig): UserInfo | undefined {
  const name = config.usernameHeaders.map((h) => values(headers, h)[0]).find((v) => v !== undefined);
  if (name === undefined) return undefined;
  const uid = config.uidHeaders.map((h) => values(headers, h)[0]).find((v) => v !== undefined);
  const groups = config.groupHeaders.flatMap((h) => values(headers, h));
  const extra = extrasOf(headers, config.extraHeaderPrefixes);
  return {
    name,
    ...(uid !== undefined ? { uid } : {}),
    groups,
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

/** Whether a proxy certificate's common name may act as the front proxy. */
export function proxyNameAllowed(commonName: string | undefined, allowedNames: string[]): boolean {
  if (allowedNames.length === 0) return true;
  return commonName !== undefined && allowedNames.includes(commonName);
}
