/**
 * One manifest push to the integrated registry: read the manifest and config back from the
 * registry, store the Image (managed), and for a push with a tag record it on the stream tag
 * (creating the stream). Idempotent on digest: a replayed event writes nothing, and a replayed
 * older event whose tag has moved on since (checked with a HEAD) leaves the tag alone.
 */
import { isVerifiedImage } from '../api/image-trust.js';
import { isStatusError } from '../api/status-error.js';
import type { Image, ImageStream } from '../api/types.js';
import { buildImage, buildManifestListImage } from '../importer/index.js';
import { logger, type Logger } from '../observability/logger.js';
import { isRegistryError, RegistryErrorKind, type RegistryClient } from '../registry/index.js';
import { IMAGE_STREAMS, IMAGES } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import { streamOfRepository, type IntegratedRegistryPushEvent, type StreamPath } from './events.js';
import { integratedRegistryPushes, integratedRegistryPushSeconds, PushResult } from './metrics.js';
import { createManagedImage, recordPushedTag } from './stream-mapping.js';

export interface IntegratedRegistryContext {
  store: Store;
  /** host:port of the integrated registry, as image references name it */
  registryHost: string;
  /** reads manifests back (plain HTTP: the registry is on loopback) */
  client: RegistryClient;
  now?: () => Date;
  log?: Logger;
}

export interface PushOutcome {
  result: PushResult;
  /** `NAMESPACE/STREAM:TAG` moved, when it did */
  tagged?: string;
  image?: string;
  reason?: string;
}

async function readImage(ctx: IntegratedRegistryContext, path: StreamPath, digest: string): Promise<Image> {
  const repo = { registry: ctx.registryHost, repository: `${path.namespace}/${path.stream}` };
  const opts = { insecure: true };
  const got = await ctx.client.getManifest(repo, digest, opts);
  if (got.manifest.kind === 'index') return buildManifestListImage(repo, got, got.manifest.manifests);
  const config = await ctx.client.getImageConfig(repo, got.manifest, opts);
  return buildImage(repo, got, config);
}

const CONFIRM_ATTEMPTS = 5;
const CONFIRM_DELAY_MS = 100;

/** The tag's digest in the registry now; undefined when the tag is not (yet) there. */
async function currentTagDigest(
  ctx: IntegratedRegistryContext,
  path: StreamPath,
  tag: string,
): Promise<string | undefined> {
  const repo = { registry: ctx.registryHost, repository: `${path.namespace}/${path.stream}` };
  try {
    return (await ctx.client.headManifest(repo, tag, { insecure: true })).digest;
  } catch (e) {
    if (isRegistryError(e) && e.kind === RegistryErrorKind.NotFound) return undefined;
    throw e;
  }
}

/**
 * Whether the registry's tag points at `digest`. The registry notifies before it writes the tag
 * link, so a few short retries separate "not written yet" from "moved on since".
 */
async function tagConfirmed(
  ctx: IntegratedRegistryContext,
  path: StreamPath,
  tag: string,
  digest: string,
): Promise<boolean> {
  let lastError: unknown;
  for (let attempt = 0; attempt < CONFIRM_ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, CONFIRM_DELAY_MS));
    try {
      if ((await currentTagDigest(ctx, path, tag)) === digest) return true;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
  }
  if (lastError) throw lastError;
  return false;
}

/** An image already in the tag's history, but not its current one: a replay, or a rollback push. */
async function isOlderImage(store: Store, path: StreamPath, tag: string, digest: string): Promise<boolean> {
  const stream = (await store.get(IMAGE_STREAMS, path.namespace, path.stream)) as unknown as
    ImageStream | undefined;
  const items = stream?.status?.tags?.find((t) => t.tag === tag)?.items ?? [];
  return items.slice(1).some((i) => i.image === digest) && items[0]?.image !== digest;
}

async function recordTag(
  ctx: IntegratedRegistryContext,
  path: StreamPath,
  tag: string,
  image: Image,
): Promise<PushOutcome> {
  const name = `${path.namespace}/${path.stream}:${tag}`;
  const digest = image.metadata.name;
  // the registry sends a tag's events in push order; only a replayed old event can move it back
  if ((await isOlderImage(ctx.store, path, tag, digest)) && !(await tagConfirmed(ctx, path, tag, digest))) {
    return { result: PushResult.Ignored, image: digest, reason: `${name} has moved on since this push` };
  }
  const now = ctx.now?.() ?? new Date();
  const { changed } = await recordPushedTag(ctx.store, { ...path, tag, image, now });
  return {
    result: changed ? PushResult.Recorded : PushResult.Unchanged,
    image: digest,
    ...(changed ? { tagged: name } : {}),
  };
}

/** The stored verified Image of the digest (Images never change), seen through this repository. */
async function storedImage(
  ctx: IntegratedRegistryContext,
  path: StreamPath,
  digest: string,
): Promise<Image | undefined> {
  const image = (await ctx.store.get(IMAGES, undefined, digest)) as unknown as Image | undefined;
  // only an Image the server derived itself; any other is read back and replaced
  if (!image || !isVerifiedImage(image)) return undefined;
  return { ...image, dockerImageReference: `${ctx.registryHost}/${path.namespace}/${path.stream}@${digest}` };
}

async function handle(
  ctx: IntegratedRegistryContext,
  event: IntegratedRegistryPushEvent,
): Promise<PushOutcome> {
  const path = streamOfRepository(event.repository);
  if ('reason' in path) return { result: PushResult.Ignored, reason: path.reason };
  if (!event.digest) return { result: PushResult.Ignored, reason: 'the notification names no digest' };
  let image = await storedImage(ctx, path, event.digest);
  let created = false;
  if (!image) {
    image = await readImage(ctx, path, event.digest);
    created = (await createManagedImage(ctx.store, image)).changed;
  }
  if (event.tag) return recordTag(ctx, path, event.tag, image);
  return { result: created ? PushResult.Recorded : PushResult.Unchanged, image: image.metadata.name };
}

/** The registry answered, but with something we cannot record (e.g. a schema 1 manifest, gone since). */
function isPermanent(err: unknown): boolean {
  return (isRegistryError(err) && !err.transient) || (isStatusError(err) && err.code === 422);
}

/**
 * Handles one manifest push of the integrated registry. Throws on failures worth a retry (the
 * registry or the store did not answer): the caller answers the registry with a 5xx and the
 * registry sends the event again.
 */
export async function handleIntegratedRegistryPush(
  ctx: IntegratedRegistryContext,
  event: IntegratedRegistryPushEvent,
): Promise<PushOutcome> {
  const log = ctx.log ?? logger('integrated-registry');
  try {
    const outcome = await handle(ctx, event);
    integratedRegistryPushes.inc({ result: outcome.result });
    if (event.receivedAt && outcome.result === PushResult.Recorded) {
      integratedRegistryPushSeconds.observe((Date.now() - event.receivedAt.getTime()) / 1000);
    }
    if (outcome.result === PushResult.Ignored)
      log.info({ repository: event.repository, tag: event.tag, reason: outcome.reason }, 'push ignored');
    else log.debug({ repository: event.repository, tag: event.tag, ...outcome }, 'push handled');
    return outcome;
  } catch (err) {
    if (isPermanent(err)) {
      // asking the registry to send it again would fail the same way, forever
      integratedRegistryPushes.inc({ result: PushResult.Ignored });
      log.warn({ repository: event.repository, digest: event.digest, err }, 'push not recorded');
      return { result: PushResult.Ignored, reason: err instanceof Error ? err.message : String(err) };
    }
    integratedRegistryPushes.inc({ result: PushResult.Error });
    throw new Error(`the push of ${event.repository}@${event.digest ?? '?'} could not be recorded`, {
      cause: err,
    });
  }
}
