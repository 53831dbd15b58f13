/**
 * The signature policy of pushes to the integrated registry (ADR 0011, addendum "tags that move
 * without an import"): under a policy a pushed digest moves its stream tag only when it passes
 * the importer's own check (`signatureCheckFor`, against `registryHost/NS/STREAM` or the
 * stream's signature repository). A refusal keeps the tag's image and records what an import
 * records: ImportSuccess=False SignatureMissing/SignatureInvalid and, when new, a Warning Event.
 * Cosign's own tags (`sha256-<hex>.sig`, the referrers tag `sha256-<hex>`) are not stream tags
 * under a policy: their push re-checks the tags refused while the registry tag still points at
 * the signed digest (cosign signs after `docker push`).
 */
import { isStatusError } from '../api/status-error.js';
import type { ImageStream } from '../api/types.js';
import type { ImportEventSink } from '../importer/import-events.js';
import {
  signatureCheckFor,
  signatureRegistry,
  type SignatureCheck,
} from '../importer/signatures/signature-check.js';
import type { SignatureRefusal } from '../importer/signatures/signature-events.js';
import { SignatureReason } from '../importer/signatures/cosign-verify.js';
import type { RegistryClient } from '../registry/index.js';
import type { StreamPath } from './events.js';

/** What the importer offers (its capability), or the stream's own annotations without it. */
export interface PushSignaturePolicy {
  /** the check a tag move into `stream` (in `namespace`) needs; undefined when none */
  checkFor(namespace: string, stream: ImageStream | undefined): SignatureCheck | undefined;
  /** where the Warning Events of refusals go */
  events?: ImportEventSink;
}

/** Without the importer: only what the streams themselves require (keyless cannot be verified). */
export function streamAnnotationsPolicy(events?: ImportEventSink): PushSignaturePolicy {
  return {
    checkFor: (namespace, stream) => signatureCheckFor({}, namespace, stream),
    ...(events ? { events } : {}),
  };
}

const REFUSALS: ReadonlySet<string> = new Set(Object.values(SignatureReason));

/** cosign's signature tag, or the referrers fallback tag of cosign 3's bundles */
/** Whether the tag's last move was refused for its signature. */
function refusedForSignature(stream: ImageStream, tag: string): boolean {
  const conditions = stream.status?.tags?.find((t) => t.tag === tag)?.conditions ?? [];
  return conditions.some(
    (c) => c.type === 'ImportSuccess' && c.status === 'False' && REFUSALS.has(c.reason ?? ''),
  );
}

/** Tags of the stream whose last move was refused for its signature. */
export function signatureRefusedTags(stream: ImageStream | undefined): string[] {
  return (stream?.status?.tags ?? []).map((t) => t.tag).filter((tag) => refusedForSignature(stream!, tag));
}

/**
 * Runs the check on the pushed digest; the refusal (SignatureMissing/SignatureInvalid) when it
 * does not pass, undefined when it does. Other failures (the registry did not answer) throw.
 */
export async function checkPushedDigest(
  check: SignatureCheck,
  client: RegistryClient,
  registryHost: string,
  pushed: { path: StreamPath; stream: ImageStream | undefined; digest: string },
): Promise<Omit<SignatureRefusal, 'tag'> | undefined> {
  const { path, digest } = pushed;
  const repo = { registry: registryHost, repository: `${path.namespace}/${path.stream}` };
  // plain HTTP only to the integrated registry itself, not to a signature repository elsewhere
  const insecure = signatureRegistry(pushed.stream, registryHost) === registryHost;
  try {
    await check({ client, repo, digests: [digest], opts: { insecure } });
    return undefined;
  } catch (e) {
    if (isStatusError(e) && REFUSALS.has(e.reason ?? ''))
      return { reason: e.reason as SignatureReason, message: e.message };
    throw e;
  }
}
