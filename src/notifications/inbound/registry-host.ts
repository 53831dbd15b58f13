/**
 * Registry hosts compared the way Docker resolves them: Docker Hub has several names for one
 * registry, and hosts are case-insensitive.
 */
import { DOCKER_HUB, isDockerHub } from '../../registry/host.js';

export const DOCKER_HUB_HOST = DOCKER_HUB;

export function normalizeRegistryHost(host: string): string {
  const lower = host.trim().toLowerCase().replace(/\/+$/, '');
  const withoutScheme = lower.replace(/^https?:\/\//, '');
  const withoutTlsPort = withoutScheme.endsWith(':443') ? withoutScheme.slice(0, -4) : withoutScheme;
  return isDockerHub(withoutTlsPort) ? DOCKER_HUB_HOST : withoutTlsPort;
}

/** Docker Hub names official images `library/x` but users write `x`. */
export function normalizeRepository(host: string | undefined, repository: string): string {
  const repo = repository.replace(/^\/+|\/+$/g, '').toLowerCase();
  if (host !== undefined && normalizeRegistryHost(host) === DOCKER_HUB_HOST && !repo.includes('/')) {
    return `library/${repo}`;
  }
  return repo;
}

/**
 * Splits `host/path/repo[:tag][@digest]` (as vendors print pull references), without assuming
 * the first component is a host unless it looks like one.
 */
export function splitPullReference(reference: string): {
  host?: string;
  repository: string;
  tag?: string;
  digest?: string;
} {
  let rest = reference.trim().replace(/^https?:\/\//, '');
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1) || undefined;
    rest = rest.slice(0, colon);
  }
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const looksLikeHost = /[.:]/.test(first) || first === 'localhost';
  const out: { host?: string; repository: string; tag?: string; digest?: string } = {
    repository: looksLikeHost ? rest.slice(slash + 1) : rest,
  };
  if (looksLikeHost) out.host = first;
  if (tag !== undefined) out.tag = tag;
  if (digest !== undefined) out.digest = digest;
  return out;
}
