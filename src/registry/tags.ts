/**
 * Tag listing with `Link: <...>; rel="next"` pagination. Next links to another origin are not
 * followed (credentials stay with the registry), and a page cap bounds a runaway registry.
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
}

export const DEFAULT_PAGE_SIZE = 1000;
export const DEFAULT_MAX_PAGES = 100;
const MAX_TAGS_PAGE_BYTES = 16 * 1024 * 1024;

export async function listTags(
  session: Session,
  repo: RepositoryRef,
  opts: ListTagsOptions,
): Promise<string[]> {
  const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
  const tags: string[] = [];
  const seen = new Set<string>();
  let path: string | undefined = `/v2/${repo.repository}/tags/list?n=${opts.pageSize ?? DEFAULT_PAGE_SIZE}`;
  for (let page = 1; path !== undefined; page++) {
    if (page > maxPages) {
      log.warn(
        { registry: repo.registry, repository: repo.repository, maxPages },
        'tag list truncated at the page cap',
      );
      break;
    }
    const res = await session.fetch(
      repo,
      { method: 'GET', path, kind: RequestKind.Tags, maxBytes: MAX_TAGS_PAGE_BYTES },
      opts,
    );
    if (res.status < 200 || res.status >= 300) throw errorForStatus(res, repo, 'tags');
    for (const t of parsePage(res.body, repo)) {
      if (!seen.has(t)) {
        seen.add(t);
        tags.push(t);
      }
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
