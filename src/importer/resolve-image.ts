/**
 * Asking a registry what one reference points at, and turning the answer into Image objects.
 * The cheap path matters most: a re-check of an unchanged tag whose Image is already stored costs
 * one HEAD and nothing else; only a new digest pays for the manifest and config blob.
 */
import { isVerifiedImage } from '../api/image-trust.js';
import type { Image } from '../api/types.js';
import type { RegistryClient } from '../registry/client.js';
import type { CredentialStore } from '../registry/index.js';
import type {
  Descriptor,
  ImageConfig,
  ImageManifest,
  ManifestResult,
  RepositoryRef,
  RequestOptions,
} from '../registry/types.js';
import { buildImage, buildManifestListImage, imageInRepository, isManifestListImage } from './build-image.js';
import { selectPlatformManifest, type PlatformPreference } from './platform-selection.js';

/** The part of the registry client the importer uses. */
export type ImportRegistryClient = Pick<
  RegistryClient,
  'headManifest' | 'getManifest' | 'getImageConfig' | 'listTags'
> &
  /** for signature payloads and bundles (signatures/signature-fetch.ts, sigstore-fetch.ts) */
  Partial<Pick<RegistryClient, 'getBlob' | 'listReferrers'>>;

export const ImportMode = { Legacy: 'Legacy', PreserveOriginal: 'PreserveOriginal' } as const;
export type ImportMode = (typeof ImportMode)[keyof typeof ImportMode];

export interface ResolveContext {
  client: ImportRegistryClient;
  insecure: boolean;
  importMode: ImportMode;
  preference: PlatformPreference;
  /** the digest the target tag points at now (its item 0), if any */
  knownDigest?: string | undefined;
  /** an Image already stored under this digest, if any */
  findImage(digest: string): Promise<Image | undefined>;
  signal?: AbortSignal | undefined;
  /** the credentials of the importing namespace (default: the client's own) */
  credentials?: CredentialStore | undefined;
  /** a quick first retry of transient registry failures (RequestOptions.firstRetryDelayMs) */
  firstRetryDelayMs?: number | undefined;
}

/**
 * A stored Image whose metadata may be used instead of the registry's: only one the server
 * derived itself. Anything else (made through imagestreammappings or the images API) is
 * derived again from the registry, and the import overwrites it.
 */
async function trustedImage(ctx: ResolveContext, digest: string): Promise<Image | undefined> {
  const stored = await ctx.findImage(digest);
  return isVerifiedImage(stored) ? stored : undefined;
}

export interface ResolvedImage {
  image: Image;
  /** what the reference resolved to: the list's digest when a platform image was picked from one */
  digest: string;
  /** children of a manifest list kept whole (PreserveOriginal) */
  manifests: Image[];
}

/** Attestation and other non-runnable entries of an index have platform unknown/unknown. */
function isRunnable(d: Descriptor): boolean {
  return d.platform?.architecture !== 'unknown' && d.platform?.os !== 'unknown';
}

function opts(ctx: ResolveContext): RequestOptions {
  const o: RequestOptions = { insecure: ctx.insecure };
  if (ctx.signal) o.signal = ctx.signal;
  if (ctx.credentials) o.credentials = ctx.credentials;
  if (ctx.firstRetryDelayMs !== undefined) o.firstRetryDelayMs = ctx.firstRetryDelayMs;
  return o;
}

async function configWithLayers(
  repo: RepositoryRef,
  manifest: ImageManifest,
  ctx: ResolveContext,
): Promise<ImageConfig> {
  const config = await ctx.client.getImageConfig(repo, manifest, opts(ctx));
  if (config.layers.length > 0 || manifest.layers.length === 0) return config;
  const layers = manifest.layers.map((l) => ({ digest: l.digest, mediaType: l.mediaType, size: l.size }));
  const totalSize = manifest.config.size + layers.reduce((n, l) => n + l.size, 0);
  return { ...config, layers, totalSize };
}

/** The Image of one single-platform manifest by digest, from the store when it is there. */
async function platformImage(repo: RepositoryRef, desc: Descriptor, ctx: ResolveContext): Promise<Image> {
  const stored = await trustedImage(ctx, desc.digest);
  if (stored) return imageInRepository(stored, repo);
  const got = await ctx.client.getManifest(repo, desc.digest, opts(ctx));
  if (got.manifest.kind !== 'image') {
    throw new Error(`manifest ${desc.digest} of a list is itself a list`);
  }
  return buildImage(repo, got, await configWithLayers(repo, got.manifest, ctx));
}

async function fromIndex(
  repo: RepositoryRef,
  got: ManifestResult,
  ctx: ResolveContext,
): Promise<ResolvedImage> {
  if (got.manifest.kind !== 'index') throw new Error('not an index');
  const children = got.manifest.manifests.filter(isRunnable);
  if (ctx.importMode === ImportMode.PreserveOriginal) {
    const manifests: Image[] = [];
    for (const child of children) manifests.push(await platformImage(repo, child, ctx));
    return { image: buildManifestListImage(repo, got, children), manifests, digest: got.digest };
  }
  const chosen = selectPlatformManifest(children, ctx.preference);
  if (!chosen) throw new Error(`the manifest list ${got.digest} has no image for any platform`);
  return { image: await platformImage(repo, chosen, ctx), manifests: [], digest: got.digest };
}

/** Tries the HEAD-only path: the registry still points at an Image we already have. */
async function unchanged(
  repo: RepositoryRef,
  reference: string,
  ctx: ResolveContext,
): Promise<Image | undefined> {
  if (!ctx.knownDigest) return undefined;
  const stored = await trustedImage(ctx, ctx.knownDigest);
  // a stored list is only current for PreserveOriginal; Legacy must pick a platform again
  if (!stored || (isManifestListImage(stored) && ctx.importMode !== ImportMode.PreserveOriginal))
    return undefined;
  const head = await ctx.client.headManifest(repo, reference, opts(ctx));
  return head.digest === stored.metadata.name ? imageInRepository(stored, repo) : undefined;
}

/**
 * Resolves a tag or digest in a repository to its Image (and, for PreserveOriginal lists, the
 * children). Registry failures propagate as the client's RegistryError.
 */
export async function resolveImage(
  repo: RepositoryRef,
  reference: string,
  ctx: ResolveContext,
): Promise<ResolvedImage> {
  const same = await unchanged(repo, reference, ctx);
  if (same) return { image: same, manifests: [], digest: same.metadata.name };
  const got = await ctx.client.getManifest(repo, reference, opts(ctx));
  if (got.manifest.kind === 'index') return fromIndex(repo, got, ctx);
  const stored = await trustedImage(ctx, got.digest);
  if (stored) return { image: imageInRepository(stored, repo), manifests: [], digest: got.digest };
  const image = buildImage(repo, got, await configWithLayers(repo, got.manifest, ctx));
  return { image, manifests: [], digest: got.digest };
}
