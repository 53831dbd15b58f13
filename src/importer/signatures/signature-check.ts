/**
 * The signature step of an import: which keys a stream's imports must be signed with (the
 * stream's `imagestreams.io/verify-cosign-key`, the namespace's `--cosign-keys-file` entry, or
 * both, each then required), and the check itself, run on every digest that would move a tag.
 * A refusal is a StatusError with reason SignatureMissing / SignatureInvalid, which the import
 * records as the tag's ImportSuccess=False condition, keeping the last good image.
 */
import { CosignKeyError, parseCosignKeys, VERIFY_COSIGN_KEY_ANNOTATION } from '../../api/cosign-key.js';
import { StatusError } from '../../api/status-error.js';
import type { ImageStream } from '../../api/types.js';
import type { RepositoryRef, RequestOptions } from '../../registry/index.js';
import type { ImportRegistryClient } from '../resolve-image.js';
import { SignatureReason, verifyCosignLayers, type KeyRequirement } from './cosign-verify.js';
import { keysOfNamespace, type NamespaceKeys } from './namespace-keys.js';
import { fetchCosignSignatures, signatureTag } from './signature-fetch.js';

export interface SignatureCheckInput {
  client: ImportRegistryClient;
  repo: RepositoryRef;
  /** the digest the reference resolved to first, then the platform image picked from it */
  digests: readonly string[];
  opts: RequestOptions;
}

/** Resolves when the image may move a tag; throws a StatusError (SignatureMissing/SignatureInvalid) when not. */
export type SignatureCheck = (input: SignatureCheckInput) => Promise<void>;

const refused = (reason: SignatureReason, message: string) => new StatusError(403, reason, message);

function streamRequirement(stream: ImageStream | undefined): KeyRequirement | undefined {
  const pem = stream?.metadata.annotations?.[VERIFY_COSIGN_KEY_ANNOTATION];
  if (pem === undefined) return undefined;
  try {
    return { keys: parseCosignKeys(pem), source: `the stream's key (${VERIFY_COSIGN_KEY_ANNOTATION})` };
  } catch (e) {
    // validation refuses this at write time; a stream stored before that imports nothing
    const detail = e instanceof CosignKeyError ? e.message : 'not a public key';
    throw refused(SignatureReason.Invalid, `${VERIFY_COSIGN_KEY_ANNOTATION} holds no usable key: ${detail}`);
  }
}

/** The keys an import into `stream` (in `namespace`) needs signatures of; [] when none. */
function signatureRequirements(
  namespaceKeys: NamespaceKeys | undefined,
  namespace: string,
  stream: ImageStream | undefined,
): KeyRequirement[] {
  const out: KeyRequirement[] = [];
  const ns = keysOfNamespace(namespaceKeys, namespace);
  if (ns.length > 0) out.push({ keys: ns, source: `namespace ${namespace}'s key (--cosign-keys-file)` });
  const own = streamRequirement(stream);
  if (own) out.push(own);
  return out;
}

async function check(requirements: readonly KeyRequirement[], input: SignatureCheckInput): Promise<void> {
  const { client, repo, digests } = input;
  if (!client.getBlob)
    throw new Error('the registry client cannot read blobs: signatures cannot be verified');
  const layers = await fetchCosignSignatures(
    { getManifest: client.getManifest, getBlob: client.getBlob },
    repo,
    digests,
    input.opts,
  );
  const digest = digests[0] ?? '';
  if (layers.length === 0) {
    throw refused(
      SignatureReason.Missing,
      `no cosign signature for ${repo.registry}/${repo.repository}@${digest} (no ${signatureTag(digest)} in the repository)`,
    );
  }
  const verdict = verifyCosignLayers(layers, requirements, { digests, repository: repo });
  if (!verdict.ok) throw refused(verdict.reason, verdict.message);
}

/**
 * The check for imports into `stream` in `namespace`; undefined when nothing requires signatures
 * (the import then costs nothing more). A stream whose key cannot be read gets a check that refuses.
 */
export function signatureCheckFor(
  namespaceKeys: NamespaceKeys | undefined,
  namespace: string,
  stream: ImageStream | undefined,
): SignatureCheck | undefined {
  let requirements: KeyRequirement[];
  try {
    requirements = signatureRequirements(namespaceKeys, namespace, stream);
  } catch (e) {
    return () => Promise.reject(e);
  }
  return requirements.length === 0 ? undefined : (input) => check(requirements, input);
}
