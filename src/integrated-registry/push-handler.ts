/**
 * One manifest push to the integrated registry: read the manifest and config back from the
 * registry, store the Image (managed), and for a push with a tag record it on the stream tag
 * (creating the stream). Idempotent on digest: a replayed event writes nothing, and a replayed
 * older event whose tag has moved on since (checked with a HEAD) leaves the tag alone. Under a
 * signature policy the tag moves only when the digest passes the importer's check
 * (push-signatures.ts).
 */
import { systemClock, type Clock } from '../controllers/clock.js';
import { signedDigestOfTag } from '../api/cosign-tag.js';
import { isVerifiedImage } from '../api/image-trust.js';
import { isStatusError } from '../api/status-error.js';
import type { Image, ImageStream } from '../api/types.js';
import { recordSignatureRefusals, type SignatureRefusal } from '../importer/signatures/signature-events.js';
import { buildImage, buildManifestListImage } from '../importer/index.js';
import { logger, type Logger } from '../observability/logger.js';
import { isRegistryError, RegistryErrorKind, type RegistryClient } from '../registry/index.js';
import { IMAGE_STREAMS, IMAGES } from '../store/resource-types.js';
import type { Store } from '../store/store.js';
import { streamOfRepository, type IntegratedRegistryPushEvent, type StreamPath } from './events.js';
import { integratedRegistryPushes, integratedRegistryPushSeconds, PushResult } from './metrics.js';
import { createManagedImage, recordPushedTag, recordRefusedTag } from './stream-mapping.js';
import {
  checkPushedDigest,
  signatureRefusedTags,
  streamAnnotationsPolicy,
  type PushSignaturePolicy,
} from './push-signatures.js';

export interface IntegratedRegistryContext {
  store: Store;
  /** host:port of the integrated registry, as image references name it */
  registryHost: string;
  /** reads manifests back (plain HTTP: the registry is on loopback) */
  client: RegistryClient;
  /** the time of recorded tags and the waits between tag confirmations (default: the system's) */
  clock?: Clock;
  log?: Logger;
  /**
   * the signature policy of tag moves (the importer's capability); default: the streams' own
   * annotations only, with no Warning Events
   */
  signatures?: PushSignaturePolicy;
}

const STREAM_ANNOTATIONS_ONLY = streamAnnotationsPolicy();

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
    if (attempt > 0) await (ctx.clock ?? systemClock).sleep(CONFIRM_DELAY_MS);
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

async function readStream(store: Store, path: StreamPath): Promise<ImageStream | undefined> {
  return store.get(IMAGE_STREAMS, path.namespace, path.stream);
}

/** An image already in the tag's history, but not its current one: a replay, or a rollback push. */
function isOlderImage(stream: ImageStream | undefined, tag: string, digest: string): boolean {
  const items = stream?.status?.tags?.find((t) => t.tag === tag)?.items ?? [];
  return items.slice(1).some((i) => i.image === digest) && items[0]?.image !== digest;
}

/** Why the stream's signature policy keeps the tag from moving to `digest`; undefined when it may move. */
async function signatureRefusal(
  ctx: IntegratedRegistryContext,
  path: StreamPath,
  stream: ImageStream | undefined,
  tag: string,
  digest: string,
) {
  const check = (ctx.signatures ?? STREAM_ANNOTATIONS_ONLY).checkFor(path.namespace, stream);
  // as for imports, only a digest that would move the tag is verified (a replay costs no check)
  const current = stream?.status?.tags?.find((t) => t.tag === tag)?.items?.[0]?.image;
  if (!check || current === digest) return undefined;
  return checkPushedDigest(check, ctx.client, ctx.registryHost, { path, stream, digest });
}

async function recordTag(
  ctx: IntegratedRegistryContext,
  path: StreamPath,
  tag: string,
  image: Image,
): Promise<PushOutcome> {
  const name = `${path.namespace}/${path.stream}:${tag}`;
  const digest = image.metadata.name;
  const stream = await readStream(ctx.store, path);
  // the registry sends a tag's events in push order; only a replayed old event can move it back
  if (isOlderImage(stream, tag, digest) && !(await tagConfirmed(ctx, path, tag, digest))) {
    return { result: PushResult.Ignored, image: digest, reason: `${name} has moved on since this push` };
  }
  const now = new Date((ctx.clock ?? systemClock).now());
  const refusal = await signatureRefusal(ctx, path, stream, tag, digest);
  if (refusal) return refuseTag(ctx, path, tag, digest, { ...refusal, tag }, now);
  const { changed } = await recordPushedTag(ctx.store, { ...path, tag, image, now });
  return {
    result: changed ? PushResult.Recorded : PushResult.Unchanged,
    image: digest,
    ...(changed ? { tagged: name } : {}),
  };
}

/** The tag keeps its image: the refusal as the tag's condition and, when new, a Warning Event. */
async function refuseTag(
  ctx: IntegratedRegistryContext,
  path: StreamPath,
  tag: string,
  digest: string,
  refusal: SignatureRefusal,
  now: Date,
): Promise<PushOutcome> {
  const written = await recordRefusedTag(ctx.store, { ...path, ...refusal, now });
  const events = ctx.signatures?.events;
  if (written.changed && events) {
    const uid = (await readStream(ctx.store, path))?.metadata.uid;
    const involved = { name: path.stream, namespace: path.namespace, uid };
    await recordSignatureRefusals(events, involved, [refusal]).catch((err: unknown) =>
      (ctx.log ?? logger('integrated-registry')).warn(
        { err, ...path, tag },
        'could not record the signature refusal',
      ),
    );
  }
  return {
    result: PushResult.Refused,
    image: digest,
    reason: `${path.namespace}/${path.stream}:${tag} not moved: ${refusal.message}`,
  };
}

/**
 * A cosign signature tag pushed into a stream under a policy: not a stream tag; the tags refused
 * for their signature whose registry tag still points at the signed digest are checked again.
 */
async function recheckSignedTags(
  ctx: IntegratedRegistryContext,
  path: StreamPath,
  stream: ImageStream | undefined,
  signed: string,
  event: { tag: string; digest: string },
): Promise<PushOutcome> {
  const moved: string[] = [];
  let refused: string | undefined;
  const refusedTags = signatureRefusedTags(stream);
  if (refusedTags.length === 0) return { result: PushResult.Unchanged, image: signed };
  // the registry notifies before it writes the tag link: the check must find the signature tag
  if (!(await tagConfirmed(ctx, path, event.tag, event.digest)))
    return { result: PushResult.Ignored, image: signed, reason: `${event.tag} has moved on since this push` };
  for (const tag of refusedTags) {
    if ((await currentTagDigest(ctx, path, tag)) !== signed) continue;
    let image = await storedImage(ctx, path, signed);
    if (!image) {
      image = await readImage(ctx, path, signed);
      await createManagedImage(ctx.store, image);
    }
    const outcome = await recordTag(ctx, path, tag, image);
    if (outcome.tagged) moved.push(outcome.tagged);
    if (outcome.result === PushResult.Refused) refused = outcome.reason;
  }
  if (moved.length > 0) return { result: PushResult.Recorded, tagged: moved.join(', '), image: signed };
  if (refused) return { result: PushResult.Refused, image: signed, reason: refused };
  return { result: PushResult.Unchanged, image: signed };
}

/** The stored verified Image of the digest (Images never change), seen through this repository. */
async function storedImage(
  ctx: IntegratedRegistryContext,
  path: StreamPath,
  digest: string,
): Promise<Image | undefined> {
  const image = await ctx.store.get(IMAGES, undefined, digest);
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
  const signed = event.tag ? signedDigestOfTag(event.tag) : undefined;
  if (signed && event.tag) {
    const stream = await readStream(ctx.store, path);
    // cosign's tags are stream tags only of streams without a policy (as in OpenShift)
    if ((ctx.signatures ?? STREAM_ANNOTATIONS_ONLY).checkFor(path.namespace, stream))
      return recheckSignedTags(ctx, path, stream, signed, { tag: event.tag, digest: event.digest });
  }
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
