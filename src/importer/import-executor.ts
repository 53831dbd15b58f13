/**
 * The registry half of an ImageStreamImport: for every requested image (and the repository, for
 * a bulk import) ask the registry what it points at and fill in the import status. Nothing is
 * written here; `applyImport` (merge-import.ts) turns the status into stream changes, so a write
 * conflict can be retried without asking the registry again.
 */
import { invalid, badRequest } from '../api/status-error.js';
import type { Image, ImageStream, TagReference } from '../api/types.js';
import type { Status } from '../api/status-error.js';
import { noCredentials, type CredentialStore } from '../registry/index.js';
import type { RegistryAllowList } from './allowed-registries.js';
import { exactReference, parseImportReference, withTag, type ImportReference } from './image-ref.js';
import { importFailureStatus, isRegistryErrorLike, successStatus } from './import-errors.js';
import type {
  ImageImportSpec,
  ImageImportStatus,
  ImageStreamImportObject,
  ImageStreamImportStatus,
  ImportPolicy,
  RepositoryImportSpec,
  RepositoryImportStatus,
} from './import-types.js';
import { insecureAllowed } from './needs-import.js';
import { preferenceFromAnnotations, type Platform } from './platform-selection.js';
import { ImportMode, resolveImage, type ImportRegistryClient, type ResolvedImage } from './resolve-image.js';
import { DEFAULT_MAX_TAGS_PER_REPOSITORY, selectTagsForImport } from './tag-priority.js';
import { chooseTag, followedPolicy } from './tag-policy/choose-tag.js';
import type { TagSelection } from './tag-policy/select-tag.js';
import { policySelections, selectionResultOf } from './tag-policy/policy-metrics.js';
import type { TagPolicy } from '../api/tag-policy.js';
import type { SignatureCheck } from './signatures/signature-check.js';
import { parseCosignTag } from '../api/cosign-tag.js';

export interface ImportExecutorOptions {
  client: ImportRegistryClient;
  /** a client without credentials: a 401 on supplied credentials is retried with it once */
  anonymousClient?: ImportRegistryClient;
  allowList?: RegistryAllowList;
  serverPlatform?: Platform;
  /** bulk import cap per repository (default 50, -1 unlimited) */
  maxTagsPerRepository?: number;
  /** tags asked for per page when listing a repository (default: the client's) */
  tagPageSize?: number;
  /** parallel registry lookups of one repository import (default 4) */
  concurrency?: number;
  /** an Image already stored under a digest: lets an unchanged tag cost one HEAD */
  findImage?: (digest: string) => Promise<Image | undefined>;
  signal?: AbortSignal;
  /** the importing namespace's registry credentials (src/credentials/pull-secrets.ts); default: the client's own */
  credentials?: CredentialStore;
  /** filled with each tag-policy selection, by stream tag (what the stream records for describe) */
  selections?: Map<string, TagSelection>;
  /** the signature step (signatures/signature-check.ts): every digest that would move a tag passes it */
  signatureCheck?: SignatureCheck;
  /**
   * Manifest and config lookups retry a transient failure first after this many ms, then with
   * the client's usual backoff (RequestOptions.firstRetryDelayMs). Push imports only.
   */
  firstRetryDelayMs?: number;
}

interface Request {
  ref: ImportReference;
  policy: ImportPolicy | undefined;
  /** the stream tag the result is recorded under */
  target: string | undefined;
}

function specTagOf(stream: ImageStream | undefined, name: string | undefined): TagReference | undefined {
  return name === undefined ? undefined : stream?.spec?.tags?.find((t) => t.name === name);
}

function currentDigest(stream: ImageStream | undefined, name: string | undefined): string | undefined {
  return stream?.status?.tags?.find((t) => t.tag === name)?.items?.[0]?.image || undefined;
}

function targetOf(ref: ImportReference) {
  const exact = exactReference(ref);
  return { ref: exact, repository: `${ref.registry}/${ref.repository}`, registry: ref.registry };
}

function insecureFor(req: Request, stream: ImageStream | undefined): boolean {
  return Boolean(req.policy?.insecure) || insecureAllowed(stream, undefined);
}

async function resolveWith(
  client: ImportRegistryClient,
  req: Request,
  stream: ImageStream | undefined,
  o: ImportExecutorOptions,
): Promise<ResolvedImage> {
  const spec = specTagOf(stream, req.target);
  const insecure = insecureFor(req, stream);
  return resolveImage(
    { registry: req.ref.registry, repository: req.ref.repository },
    req.ref.digest ?? req.ref.tag ?? 'latest',
    {
      client,
      insecure,
      importMode:
        req.policy?.importMode === ImportMode.PreserveOriginal
          ? ImportMode.PreserveOriginal
          : ImportMode.Legacy,
      preference: preferenceFromAnnotations(spec?.annotations ?? undefined, o.serverPlatform),
      knownDigest: req.ref.digest ? undefined : currentDigest(stream, req.target),
      findImage: o.findImage ?? (async () => undefined),
      signal: o.signal,
      credentials: o.credentials,
      firstRetryDelayMs: o.firstRetryDelayMs,
    },
  );
}

/**
 * resolveWith, then the signature step for a digest that would move the tag (the tag's current
 * image passed it when it moved, so an unchanged re-check still costs one HEAD).
 */
async function resolveVerified(
  client: ImportRegistryClient,
  req: Request,
  stream: ImageStream | undefined,
  o: ImportExecutorOptions,
): Promise<ResolvedImage> {
  const got = await resolveWith(client, req, stream, o);
  if (!o.signatureCheck || got.image.metadata.name === currentDigest(stream, req.target)) return got;
  await o.signatureCheck({
    client,
    repo: { registry: req.ref.registry, repository: req.ref.repository },
    digests: [got.digest, got.image.metadata.name],
    opts: {
      insecure: insecureFor(req, stream),
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.credentials ? { credentials: o.credentials } : {}),
    },
  });
  return got;
}

/** One image: allow-list, registry lookup, one anonymous retry after a 401. */
async function importOne(
  req: Request,
  stream: ImageStream | undefined,
  o: ImportExecutorOptions,
): Promise<ImageImportStatus> {
  const denied = o.allowList?.check(req.ref.registry);
  if (denied) return { status: importFailureStatus(denied, targetOf(req.ref)), ...tagField(req) };
  try {
    const got = await resolveVerified(o.client, req, stream, o);
    return success(req, got);
  } catch (err) {
    const first = importFailureStatus(err, targetOf(req.ref));
    if (!(o.anonymousClient && isRegistryErrorLike(err) && err.kind === 'Unauthorized')) {
      return { status: first, ...tagField(req) };
    }
    try {
      return success(
        req,
        await resolveVerified(o.anonymousClient, req, stream, { ...o, credentials: noCredentials }),
      );
    } catch {
      // the anonymous attempt's error would only confuse: report the one with credentials
      return { status: first, ...tagField(req) };
    }
  }
}

function tagField(req: Request): { tag?: string } {
  return req.ref.tag ? { tag: req.ref.tag } : {};
}

function success(req: Request, got: ResolvedImage): ImageImportStatus {
  const s: ImageImportStatus = { status: successStatus(), image: got.image, ...tagField(req) };
  if (got.manifests.length > 0) s.manifests = got.manifests;
  return s;
}

function invalidFrom(name: string, err: unknown): Status {
  const message = err instanceof Error ? err.message : String(err);
  return invalid({ kind: '', resource: 'imagestreamimports', name: '' }, [
    {
      reason: 'FieldValueInvalid',
      field: 'from.name',
      message: `Invalid value: "${name}": invalid name: ${message}`,
    },
  ]).toStatus();
}

function parseSource(from: { kind: string; name: string }): ImportReference | Status {
  if (from.kind !== 'DockerImage') {
    return badRequest(`only DockerImage sources can be imported, not ${from.kind}`).toStatus();
  }
  try {
    return parseImportReference(from.name);
  } catch (err) {
    return invalidFrom(from.name, err);
  }
}

function isStatus(x: ImportReference | Status): x is Status {
  return (x as Status).kind === 'Status';
}

async function importImageSpec(
  spec: ImageImportSpec,
  stream: ImageStream | undefined,
  o: ImportExecutorOptions,
) {
  const ref = parseSource(spec.from);
  if (isStatus(ref)) return { status: ref };
  const target = spec.to?.name ?? ref.tag;
  const policy = followedPolicy(stream, target, spec.from.name);
  if (policy && target !== undefined) return importByPolicy(ref, policy, spec, target, stream, o);
  return importOne({ ref, policy: spec.importPolicy, target }, stream, o);
}

/** A spec tag following a policy: the repository's best tag, imported as that tag would be. */
async function importByPolicy(
  ref: ImportReference,
  policy: TagPolicy,
  spec: ImageImportSpec,
  target: string,
  stream: ImageStream | undefined,
  o: ImportExecutorOptions,
): Promise<ImageImportStatus> {
  const denied = o.allowList?.check(ref.registry);
  if (denied) return { status: importFailureStatus(denied, targetOf(ref)) };
  const chosen = await chooseTag(ref, policy, {
    client: o.client,
    anonymousClient: o.anonymousClient,
    insecure: Boolean(spec.importPolicy?.insecure) || insecureAllowed(stream, undefined),
    credentials: o.credentials,
    signal: o.signal,
    pageSize: o.tagPageSize,
  });
  policySelections.inc({ result: selectionResultOf(chosen) });
  if (chosen.selection) o.selections?.set(target, chosen.selection);
  if ('status' in chosen) return { status: chosen.status };
  return importOne({ ref: withTag(ref, chosen.tag), policy: spec.importPolicy, target }, stream, o);
}

/** Runs fn over items with at most `limit` in flight, keeping the order of results. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

function repositorySummary(images: ImageImportStatus[]): Status {
  const failures = images.filter((i) => i.status.status !== 'Success').length;
  if (failures === 0) return successStatus();
  const message =
    failures === 1
      ? 'one of the images from this repository failed to import'
      : `${failures} of the images from this repository failed to import`;
  return { ...successStatus(), status: 'Failure', reason: 'ImportFailed', message, code: 500 };
}

async function importRepository(
  spec: RepositoryImportSpec,
  stream: ImageStream | undefined,
  o: ImportExecutorOptions,
): Promise<RepositoryImportStatus> {
  const ref = parseSource(spec.from);
  if (isStatus(ref)) return { status: ref, images: [], additionalTags: [] };
  const denied = o.allowList?.check(ref.registry);
  if (denied) return { status: importFailureStatus(denied, targetOf(ref)), images: [], additionalTags: [] };
  const repo = { registry: ref.registry, repository: ref.repository };
  let tags: string[];
  try {
    const insecure = Boolean(spec.importPolicy?.insecure) || insecureAllowed(stream, undefined);
    tags = await o.client.listTags(repo, {
      insecure,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(o.credentials ? { credentials: o.credentials } : {}),
      ...(o.tagPageSize ? { pageSize: o.tagPageSize } : {}),
    });
  } catch (err) {
    return { status: importFailureStatus(err, targetOf({ ...repo })), images: [], additionalTags: [] };
  }
  // cosign's own artifacts (`sha256-<hex>.sig`, .att, .sbom, the referrers index) are not images to verify and move
  if (o.signatureCheck) tags = tags.filter((t) => parseCosignTag(t) === undefined);
  const { selected, additional } = selectTagsForImport(
    tags,
    o.maxTagsPerRepository ?? DEFAULT_MAX_TAGS_PER_REPOSITORY,
  );
  const images = await mapLimited(selected, o.concurrency ?? 4, (tag) =>
    importOne({ ref: withTag(ref, tag), policy: spec.importPolicy, target: tag }, stream, o),
  );
  return { status: repositorySummary(images), images, additionalTags: additional };
}

/**
 * Fills `status.images` (one entry per `spec.images`, same order) and `status.repository`.
 * Never throws for registry problems: each becomes that image's Status.
 */
export async function executeImport(
  isi: ImageStreamImportObject,
  stream: ImageStream | undefined,
  options: ImportExecutorOptions,
): Promise<ImageStreamImportStatus> {
  const status: ImageStreamImportStatus = {};
  const specs = isi.spec.images ?? [];
  if (specs.length > 0) {
    status.images = await mapLimited(specs, options.concurrency ?? 4, (s) =>
      importImageSpec(s, stream, options),
    );
  }
  if (isi.spec.repository) status.repository = await importRepository(isi.spec.repository, stream, options);
  return status;
}
