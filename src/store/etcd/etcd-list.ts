/**
 * list: ranges over the type's (and namespace's) directory, every page at one revision. The first
 * range pins the revision; continue tokens carry it, so later pages read the same snapshot from
 * etcd's MVCC history, and a token whose revision was compacted away gets 410 Expired.
 * Selectors are applied here (etcd cannot), fetching more until a page is full.
 */
import type { IRangeResponse } from 'etcd3';
import type { KubeObject } from '../../api/object.js';
import { badRequest } from '../../api/status-error.js';
import {
  checkContinueToken,
  decodeContinueToken,
  encodeContinueToken,
  type ContinueToken,
} from '../continue-token.js';
import { continueTooOld } from '../resource-version.js';
import { hasNoSelectors, matches, parseSelectors, type ParsedSelectors } from '../selectors.js';
import type { ListOptions, ListResult, ResourceType } from '../store.js';
import { decodeObject } from './etcd-codec.js';
import type { EtcdContext } from './etcd-context.js';
import { isCompactedError, isFutureRevisionError, toStatusError } from './etcd-errors.js';
import { prefixRange, typeDirectory } from './etcd-keys.js';

/** Keys read per range when the caller set no limit: bounded grpc messages. */
const SCAN_PAGE = 500;
/** The most keys one range reads while a selector filters (Kubernetes' maxLimit). */
const MAX_FETCH = 10_000;

export function listSelectors(type: ResourceType, options: ListOptions): ParsedSelectors {
  return parseSelectors({
    namespace: type.namespaced ? options.namespace : undefined,
    labelSelector: options.labelSelector,
    fieldSelector: options.fieldSelector,
  });
}

/** The etcd key the next page starts at: just after the last returned item's key. */
function keyAfter(prefix: string, type: ResourceType, token: ContinueToken): Buffer {
  const ns = type.namespaced ? `${token.namespace}/` : '';
  const base = typeDirectory(prefix, type);
  return Buffer.concat([Buffer.from(`${base}${ns}${token.name}`), Buffer.from([0])]);
}

/** namespace and name of a key in the type's directory. */
export function keyParts(typeDir: string, key: Buffer): { namespace: string; name: string } {
  const rest = key.toString().slice(typeDir.length);
  const slash = rest.indexOf('/');
  return slash < 0
    ? { namespace: '', name: rest }
    : { namespace: rest.slice(0, slash), name: rest.slice(slash + 1) };
}

async function range(
  ctx: EtcdContext,
  start: Buffer,
  end: Buffer,
  limit: number,
  revision: number | undefined,
): Promise<IRangeResponse> {
  try {
    return await ctx.kv.range({
      key: start,
      range_end: end,
      limit,
      ...(revision !== undefined ? { revision } : {}),
    });
  } catch (err) {
    if (revision !== undefined && isCompactedError(err)) throw continueTooOld();
    if (revision !== undefined && isFutureRevisionError(err)) {
      throw badRequest('continue key is not valid: its resourceVersion is newer than the store');
    }
    throw toStatusError('list', err);
  }
}

interface Page {
  items: KubeObject[];
  revision: number;
  /** key of the last returned item, when more may follow */
  last?: Buffer;
  remaining?: number;
}

/** The page when `limit` items are reached at index i of a range response. */
function fullPage(
  items: KubeObject[],
  revision: number,
  res: IRangeResponse,
  i: number,
  filtered: boolean,
): Page {
  const kv = res.kvs[i] as (typeof res.kvs)[number];
  const more = i < res.kvs.length - 1 || res.more;
  if (!more) return { items, revision };
  const page: Page = { items, revision, last: kv.key };
  // as Kubernetes: counted only without selectors, where the range's count is exact
  if (!filtered) page.remaining = Number(res.count) - (i + 1);
  return page;
}

/** Reads matching objects from start, at the revision (undefined: now), up to limit (0: all). */
async function collect(
  ctx: EtcdContext,
  bounds: { start: Buffer; end: Buffer },
  revision: number | undefined,
  limit: number,
  selectors: ParsedSelectors,
): Promise<Page> {
  const filtered = !hasNoSelectors(selectors);
  const items: KubeObject[] = [];
  let start = bounds.start;
  let fetch = limit > 0 ? limit : SCAN_PAGE;
  let rev = revision;
  for (;;) {
    const res = await range(ctx, start, bounds.end, fetch, rev);
    rev ??= Number(res.header.revision);
    for (let i = 0; i < res.kvs.length; i++) {
      const object = decodeObject(res.kvs[i] as (typeof res.kvs)[number]);
      if (filtered && !matches(object, selectors)) continue;
      items.push(object);
      if (items.length === limit) return fullPage(items, rev, res, i, filtered);
    }
    const lastKv = res.kvs[res.kvs.length - 1];
    if (!res.more || !lastKv) return { items, revision: rev };
    start = Buffer.concat([lastKv.key, Buffer.from([0])]);
    if (filtered) fetch = Math.min(fetch * 2, MAX_FETCH);
  }
}

export async function listObjects(
  ctx: EtcdContext,
  type: ResourceType,
  options: ListOptions = {},
): Promise<ListResult> {
  const selectors = listSelectors(type, options);
  const dir = typeDirectory(ctx.prefix, type, selectors.namespace);
  const bounds = prefixRange(dir);
  let revision: number | undefined;
  if (options.continue) {
    const token = decodeContinueToken(options.continue);
    // the store-side checks that need etcd (future or compacted revision) happen in range()
    checkContinueToken(token, {
      current: Number.MAX_SAFE_INTEGER,
      compacted: 0,
      namespace: selectors.namespace,
    });
    bounds.start = keyAfter(ctx.prefix, type, token);
    revision = token.resourceVersion;
  }
  const limit = options.limit !== undefined && options.limit > 0 ? Math.floor(options.limit) : 0;
  const page = await collect(ctx, bounds, revision, limit, selectors);
  const result: ListResult = { items: page.items, resourceVersion: String(page.revision) };
  if (page.last) {
    const { namespace, name } = keyParts(typeDirectory(ctx.prefix, type), page.last);
    result.continue = encodeContinueToken({ resourceVersion: page.revision, namespace, name });
    if (page.remaining !== undefined) result.remainingItemCount = page.remaining;
  }
  return result;
}
