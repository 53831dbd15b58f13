/**
 * An ImageStreamImport end to end against the store: preconditions (409/404), the registry
 * lookups, Image creation and the stream write with optimistic concurrency. A write conflict
 * re-reads the stream and merges again without asking the registry a second time. Used by the
 * `imagestreamimports` endpoint and by the tag import controller.
 */
import { Counter } from 'prom-client';
import type { KubeObject } from '../api/object.js';
import { conflict, isStatusError, notFound, StatusReason } from '../api/status-error.js';
import type { Image, ImageStream } from '../api/types.js';
import { logger } from '../observability/logger.js';
import { metricsRegistry } from '../observability/metrics.js';
import type { Store } from '../store/store.js';
import { executeImport, type ImportExecutorOptions } from './import-executor.js';
import type { ImageImportStatus, ImageStreamImportObject, ImageStreamImportStatus } from './import-types.js';
import { applyImport } from './merge-import.js';
import type { PullCredentialsFor } from '../credentials/index.js';
import { storeVerifiedImage } from './verified-images.js';
import { isVerifiedImage } from '../api/image-trust.js';
import type { TagSelection } from './tag-policy/select-tag.js';
import type { NamespaceKeys } from './signatures/namespace-keys.js';
import { signatureCheckFor } from './signatures/signature-check.js';
import type { NamespaceIdentities } from './signatures/namespace-identities.js';
import type { SigstoreTrust } from './signatures/sigstore-trusted-root.js';
import { newSignatureRefusals, recordSignatureRefusals } from './signatures/signature-events.js';
import { recordImportEvents, type ImportEventSink } from './import-events.js';
import { policyEvents } from './tag-policy/policy-events.js';
import { policyEventsCounter } from './tag-policy/policy-metrics.js';

export { IMAGE_STREAMS, IMAGES } from '../store/resource-types.js';
import { IMAGE_STREAMS, IMAGES } from '../store/resource-types.js';

const log = logger('importer');

const importsCounter = new Counter({
  name: 'imagestreams_imports_total',
  help: 'Images imported from registries, by result (success or failure) and failure reason',
  labelNames: ['result', 'reason'] as const,
  registers: [metricsRegistry],
});

export interface ImportServiceOptions extends Omit<
  ImportExecutorOptions,
  'findImage' | 'signal' | 'signatureCheck' | 'firstRetryDelayMs'
> {
  store: Store;
  now?: () => Date;
  /** write conflicts retried before giving up (default 10) */
  maxConflictRetries?: number;
  /** the registry credentials of a namespace (src/credentials/pull-secrets.ts); default: the client's own */
  credentialsFor?: PullCredentialsFor;
  /** `--cosign-keys-file`: the keys each namespace's imports must be signed with */
  cosignKeys?: NamespaceKeys;
  /** `--sigstore-trusted-root`: what keyless Sigstore bundles are verified against */
  sigstoreTrust?: SigstoreTrust;
  /** `--sigstore-identities-file`: the keyless signer each namespace's imports must be signed by */
  sigstoreIdentities?: NamespaceIdentities;
  /** where the Events of refused signatures, tag policies and cooldown go (default: none) */
  events?: ImportEventSink;
}

/** How one import talks to the registry, besides the service's options. */
export interface ImportCallOptions {
  /** retry a transient registry failure first after this many ms (push imports: push-import.ts) */
  firstRetryDelayMs?: number;
}

export interface ImportService {
  /** Runs the import for `isi` in `namespace` and returns it with its status filled in. */
  importImages(
    namespace: string,
    isi: ImageStreamImportObject,
    signal?: AbortSignal,
    call?: ImportCallOptions,
  ): Promise<ImageStreamImportObject>;
}

function checkPreconditions(isi: ImageStreamImportObject, stream: KubeObject | undefined): void {
  const { name, resourceVersion, uid } = isi.metadata;
  const q = { group: 'image.openshift.io', resource: 'imagestreams', name };
  if (!stream) {
    if (resourceVersion || uid) throw notFound(q);
    return;
  }
  if (resourceVersion && resourceVersion !== stream.metadata.resourceVersion) {
    throw conflict(
      q,
      `the image stream was updated from "${resourceVersion}" to "${stream.metadata.resourceVersion ?? ''}"`,
    );
  }
  if (uid && uid !== stream.metadata.uid) throw notFound(q);
}

function countResults(status: ImageStreamImportStatus): void {
  const all: ImageImportStatus[] = [...(status.images ?? []), ...(status.repository?.images ?? [])];
  for (const r of all) {
    if (r.status.status === 'Success') importsCounter.inc({ result: 'success', reason: '' });
    else importsCounter.inc({ result: 'failure', reason: String(r.status.reason) });
  }
}

const isConflict = (e: unknown) => isStatusError(e) && e.code === 409;

export function createImportService(options: ImportServiceOptions): ImportService {
  const { store } = options;
  const now = options.now ?? (() => new Date());
  const maxRetries = options.maxConflictRetries ?? 10;
  /**
   * Stores the Images: new ones, and registry-derived ones over stored ones the server did not
   * derive (verified-images.ts); `done` spans the retries of one request.
   */
  async function createImages(images: Image[], done: Set<string>): Promise<void> {
    for (const image of images) {
      const name = image.metadata.name;
      if (done.has(name)) continue;
      // a read first (inside): an unchanged re-check must not cost a write attempt per image
      if (isVerifiedImage(image)) await storeVerifiedImage(store, image);
      else if (!(await store.get(IMAGES, undefined, name))) await createOnce(image);
      done.add(name);
    }
  }

  async function createOnce(image: Image): Promise<void> {
    try {
      await store.create(IMAGES, image);
    } catch (e) {
      // images are content-addressed: one created meanwhile is the same image
      if (!(isStatusError(e) && e.reason === StatusReason.AlreadyExists)) throw e;
    }
  }

  /** One attempt to record the result; undefined when another writer won and we must merge again. */
  async function writeOnce(
    namespace: string,
    isi: ImageStreamImportObject,
    status: ImageStreamImportStatus,
    current: ImageStream | undefined,
    done: Set<string>,
    selections: ReadonlyMap<string, TagSelection>,
  ) {
    const merged = applyImport(current, isi, status, {
      namespace,
      now: now(),
      selections,
    });
    await createImages(merged.images, done);
    if (!merged.changed) return current;
    const stream = merged.stream;
    try {
      if (merged.create) {
        stream.metadata.generation = Math.max(1, stream.metadata.generation ?? 0);
        return await store.create(IMAGE_STREAMS, stream);
      }
      return await store.update(IMAGE_STREAMS, stream);
    } catch (e) {
      if (isConflict(e)) return undefined;
      throw e;
    }
  }

  /** Writes the merge; `before` is the stream it was merged into (the last one read). */
  async function record(
    namespace: string,
    isi: ImageStreamImportObject,
    status: ImageStreamImportStatus,
    first: ImageStream | undefined,
    selections: ReadonlyMap<string, TagSelection>,
  ): Promise<{ before: ImageStream | undefined; after: ImageStream | undefined }> {
    let current = first;
    const done = new Set<string>();
    for (let attempt = 0; ; attempt++) {
      const written = await writeOnce(namespace, isi, status, current, done, selections);
      if (written) return { before: current, after: written };
      current = await store.get(IMAGE_STREAMS, namespace, isi.metadata.name);
      // the caller's preconditions name the version it saw: a newer one is its conflict to resolve
      checkPreconditions(isi, current);
      if (attempt >= maxRetries) {
        throw conflict(
          { group: 'image.openshift.io', resource: 'imagestreams', name: isi.metadata.name },
          'too many concurrent updates',
        );
      }
    }
  }

  /** Warning Events for new signature refusals; recording never fails the import. */
  async function warnRefused(
    namespace: string,
    isi: ImageStreamImportObject,
    status: ImageStreamImportStatus,
    before: ImageStream | undefined,
    after: ImageStream | undefined,
  ): Promise<void> {
    if (!options.events) return;
    const refusals = newSignatureRefusals(isi, status, before);
    if (refusals.length === 0) return;
    const stream = { name: isi.metadata.name, namespace, uid: after?.metadata.uid };
    await recordSignatureRefusals(options.events, stream, refusals).catch((err: unknown) =>
      log.warn({ err, namespace, name: isi.metadata.name }, 'could not record signature refusals'),
    );
  }

  /** Events of tag policies and cooldown for what this import changed; never fails the import. */
  async function announcePolicies(
    namespace: string,
    name: string,
    before: ImageStream | undefined,
    after: ImageStream | undefined,
  ): Promise<void> {
    const events = policyEvents(before, after);
    for (const e of events) policyEventsCounter.inc({ reason: e.reason });
    if (!options.events || events.length === 0) return;
    const stream = { name, namespace, uid: after?.metadata.uid };
    await recordImportEvents(options.events, stream, events).catch((err: unknown) =>
      log.warn({ err, namespace, name }, 'could not record tag policy events'),
    );
  }

  return {
    async importImages(namespace, isi, signal, call = {}) {
      const current = await store.get(IMAGE_STREAMS, namespace, isi.metadata.name);
      checkPreconditions(isi, current);
      const credentials = await options.credentialsFor?.(namespace);
      const selections = new Map<string, TagSelection>();
      const signatureCheck = signatureCheckFor(options, namespace, current);
      const status = await executeImport(isi, current, {
        ...options,
        selections,
        ...(credentials ? { credentials } : {}),
        ...(signatureCheck ? { signatureCheck } : {}),
        findImage: (digest) => store.get(IMAGES, undefined, digest),
        ...(signal ? { signal } : {}),
        ...(call.firstRetryDelayMs !== undefined ? { firstRetryDelayMs: call.firstRetryDelayMs } : {}),
      });
      countResults(status);
      const result: ImageStreamImportObject = { ...isi, metadata: { ...isi.metadata, namespace }, status };
      if (!isi.spec.import) return result;
      const { before, after } = await record(namespace, isi, status, current, selections);
      if (after) status.import = after;
      await warnRefused(namespace, isi, status, before, after);
      await announcePolicies(namespace, isi.metadata.name, before, after);
      log.debug({ namespace, name: isi.metadata.name, wrote: after !== before }, 'import recorded');
      return result;
    },
  };
}
