/**
 * Tag listing with `Link: <...>; rel="next"` pagination. Next links to another origin are not
 * followed (credentials stay with the registry); a cap on the tags read (`--max-listed-tags`),
 * on the pages and on each page's bytes bounds a registry that answers without end.
 */
import { RegistryError, RegistryErrorKind } from './errors.js';
import { nextPageUrl } from './link-header.js';
import { logger } from '../observability/logger.js';
import { TagListSchema } from './schema.js';
import type { Session } from './session.js';
import { RequestKind } from './stats.js';
import { errorForStatus } from './status-errors.js';
import type { RepositoryRef, RequestOptions } from './types.js';

const log = logger('registry');

export interface ListTagsOptions extends RequestOptions {
  /** page size asked for (`n`); registries may ignore it */
  pageSize?: number;
  /** stop after this many pages */
  maxPages?: number;
  /** stop after this many distinct tags (default 10,000; -1 for no limit) */
  maxTags?: number;
}

const DEFAULT_PAGE_SIZE = 1000;
const DEFAULT_MAX_PAGES = 100;
const DEFAULT_MAX_LISTED_TAGS = 10_000;
/** 1,000 tags of OCI's longest (128 characters) are ~130 KiB; a registry ignoring `n` gets 4 MiB */
const MAX_TAGS_PAGE_BYTES = 4 * 1024 * 1024;

function truncated(repo: RepositoryRef, why: string, limit: number): void {
  log.warn({ registry: repo.registry, repository: repo.repository, limit, why }, 'tag list truncated');
}

export async function listTags(
  session: Session,
  repo: RepositoryRef,
  opts: ListTagsOptions,
): Promise<string[]> {
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const limit = opts.maxTags ?? DEFAULT_MAX_LISTED_TAGS;
  const maxTags = limit < 0 ? Number.POSITIVE_INFINITY : limit;
  const tags: string[] = [];
  const seen = new Set<string>();
  let path: string | undefined = `/v2/${repo.repository}/tags/list?n=${opts.pageSize ?? DEFAULT_PAGE_SIZE}`;
  for (let page = 1; path !== undefined; page++) {
    if (page > maxPages) {
      truncated(repo, 'pages', maxPages);
      break;
    }
    const res = await session.fetch(
      repo,
      { method: 'GET', path, kind: RequestKind.Tags, maxBytes: MAX_TAGS_PAGE_BYTES },
      opts,
    );
    if (res.status < 200 || res.status >= 300) throw errorForStatus(res, repo, 'tags');
    for (const t of parsePage(res.body, repo)) {
      if (seen.has(t)) continue;
      if (tags.length >= maxTags) break;
      seen.add(t);
      tags.push(t);
    }
    if (tags.length >= maxTags) {
      truncated(repo, 'tags', maxTags);
      break;
    }
    const next = nextPageUrl(res.headers.link, res.url);
    path = next ? `${next.pathname}${next.search}` : undefined;
  }
  return tags;
}

function parsePage(body: Buffer, repo: RepositoryRef): string[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new RegistryError({
      kind: RegistryErrorKind.BadResponse,
      registry: repo.registry,
      repository: repo.repository,
      message: `registry ${repo.registry} sent a tag list for ${repo.repository} that is not JSON`,
      cause: err,
    });
  }
  const parsed = TagListSchema.safeParse(json);
  if (!parsed.success) {
    throw new RegistryError({
      kind: RegistryErrorKind.BadResponse,
      registry: repo.registry,
      repository: repo.repository,
      message: `registry ${repo.registry} sent an invalid tag list for ${repo.repository}`,
    });
  }
  return parsed.data.tags ?? [];
}
