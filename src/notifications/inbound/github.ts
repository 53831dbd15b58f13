/**
 * GitHub `package` and `registry_package` webhooks: a published container package version on
 * ghcr.io. The repository comes from `package_url` (`ghcr.io/owner/name:tag`) when present,
 * else from the package's namespace and name.
 */
import { parsePayload } from './parse.js';
import { digestOrUndefined, PushSource, type PushEvent } from './push-event.js';
import { normalizeRepository, splitPullReference } from './registry-host.js';
import { GitHubPayloadSchema, type GitHubPackage } from './schema.js';

const GITHUB_PACKAGE_EVENTS = ['package', 'registry_package'] as const;
const GHCR = 'ghcr.io';

function isContainer(pkg: GitHubPackage): boolean {
  const type = (pkg.package_type ?? pkg.ecosystem ?? '').toLowerCase();
  return type === 'container' || type === 'docker';
}

function repositoryOf(pkg: GitHubPackage): { host: string; repository: string; tag?: string } | undefined {
  const url = pkg.package_version?.package_url
    ? splitPullReference(pkg.package_version.package_url)
    : undefined;
  if (url?.host) return { host: url.host, repository: url.repository, ...(url.tag ? { tag: url.tag } : {}) };
  const owner = pkg.namespace ?? pkg.owner?.login;
  return owner ? { host: GHCR, repository: `${owner}/${pkg.name}` } : undefined;
}

function fromPackage(pkg: GitHubPackage, receivedAt: Date): PushEvent | undefined {
  const repo = repositoryOf(pkg);
  if (!repo) return undefined;
  const event: PushEvent = {
    registryHost: repo.host,
    repository: normalizeRepository(repo.host, repo.repository),
    source: PushSource.GitHub,
    receivedAt,
  };
  const tagged = pkg.package_version?.container_metadata?.tag;
  const tag = tagged?.name || repo.tag;
  if (tag) event.tag = tag;
  const digest = digestOrUndefined(tagged?.digest) ?? digestOrUndefined(pkg.package_version?.version);
  if (digest) event.digest = digest;
  return event;
}

/** `eventName` is the X-GitHub-Event header; anything but a published container version yields nothing. */
export function parseGitHubWebhook(
  eventName: string | undefined,
  body: unknown,
  receivedAt: Date,
): PushEvent[] {
  if (!eventName || !(GITHUB_PACKAGE_EVENTS as readonly string[]).includes(eventName)) return [];
  const payload = parsePayload(GitHubPayloadSchema, body, 'GitHub package');
  const pkg = payload.package ?? payload.registry_package;
  if (payload.action !== 'published' || !pkg || !isContainer(pkg)) return [];
  const event = fromPackage(pkg, receivedAt);
  return event ? [event] : [];
}
