/**
 * The signature step of an import: which keys a stream's imports must be signed with (the
 * stream's `imagestreams.io/verify-cosign-key`, the namespace's `--cosign-keys-file` entry, or
 * both, each then required), which keyless signers (the stream's
 * `imagestreams.io/verify-cosign-identity[-regexp]` + `-issuer`, the namespace's
 * `--sigstore-identities-file` entry), and the check itself, run on every digest that would
 * move a tag. Signatures are read from the image's repository, or from the stream's
 * `imagestreams.io/verify-cosign-repository` (cosign's COSIGN_REPOSITORY).
 * A refusal is a StatusError with reason SignatureMissing / SignatureInvalid, which the import
 * records as the tag's ImportSuccess=False condition, keeping the last good image.
 */
import { CosignKeyError, parseCosignKeys, VERIFY_COSIGN_KEY_ANNOTATION } from '../../api/cosign-key.js';
import {
  CosignRepositoryError,
  cosignRepositoryOfAnnotations,
  VERIFY_COSIGN_REPOSITORY_ANNOTATION,
} from '../../api/cosign-repository.js';
import {
  SigstoreIdentityError,
  sigstoreIdentityOfAnnotations,
  VERIFY_COSIGN_IDENTITY_ANNOTATION,
} from '../../api/sigstore-identity.js';
import { StatusError } from '../../api/status-error.js';
import type { ImageStream } from '../../api/types.js';
import type { RepositoryRef, RequestOptions } from '../../registry/index.js';
import type { ImportRegistryClient } from '../resolve-image.js';
import { SignatureReason, verifyCosignLayers, type KeyRequirement } from './cosign-verify.js';
import { identityOfNamespace, type NamespaceIdentities } from './namespace-identities.js';
import { keysOfNamespace, type NamespaceKeys } from './namespace-keys.js';
import { referrersTag, signatureTag } from '../../api/cosign-tag.js';
import { fetchCosignSignatures } from './signature-fetch.js';
import { isKeylessLayer } from './sigstore-sig-layer.js';
import { fetchSigstoreBundles } from './sigstore-fetch.js';
import type { SigstoreTrust } from './sigstore-trusted-root.js';
import { verifySigstoreBundles, type IdentityRequirement } from './sigstore-verify.js';

/** The server's signature settings. */
export interface SignaturePolicy {
  /** `--cosign-keys-file` */
  cosignKeys?: NamespaceKeys;
  /** `--sigstore-trusted-root`: what keyless bundles are verified against */
  sigstoreTrust?: SigstoreTrust;
  /** `--sigstore-identities-file` */
  sigstoreIdentities?: NamespaceIdentities;
}

interface Requirements {
  keys: KeyRequirement[];
  identities: IdentityRequirement[];
  /** where the signatures are, when not in the image's repository */
  signatures?: RepositoryRef;
}

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

function streamIdentity(stream: ImageStream | undefined): IdentityRequirement | undefined {
  try {
    const identity = sigstoreIdentityOfAnnotations(stream?.metadata.annotations);
    return identity && { identity, source: `the stream's ${VERIFY_COSIGN_IDENTITY_ANNOTATION}` };
  } catch (e) {
    if (!(e instanceof SigstoreIdentityError)) throw e;
    throw refused(SignatureReason.Invalid, `${e.field} ${e.message}`);
  }
}

function signatureRepository(stream: ImageStream | undefined): RepositoryRef | undefined {
  try {
    return cosignRepositoryOfAnnotations(stream?.metadata.annotations);
  } catch (e) {
    if (!(e instanceof CosignRepositoryError)) throw e;
    throw refused(SignatureReason.Invalid, `${VERIFY_COSIGN_REPOSITORY_ANNOTATION} ${e.message}`);
  }
}

/** The keys and keyless signers an import into `stream` (in `namespace`) needs signatures of. */
function signatureRequirements(
  policy: SignaturePolicy,
  namespace: string,
  stream: ImageStream | undefined,
): Requirements {
  const keys: KeyRequirement[] = [];
  const ns = keysOfNamespace(policy.cosignKeys, namespace);
  if (ns.length > 0) keys.push({ keys: ns, source: `namespace ${namespace}'s key (--cosign-keys-file)` });
  const own = streamRequirement(stream);
  if (own) keys.push(own);
  const identities: IdentityRequirement[] = [];
  const nsIdentity = identityOfNamespace(policy.sigstoreIdentities, namespace);
  if (nsIdentity)
    identities.push({
      identity: nsIdentity,
      source: `namespace ${namespace}'s --sigstore-identities-file entry`,
    });
  const ownIdentity = streamIdentity(stream);
  if (ownIdentity) identities.push(ownIdentity);
  const signatures = signatureRepository(stream);
  return { keys, identities, ...(signatures ? { signatures } : {}) };
}

/**
 * The registry the signatures of an image in `registry` are read from for imports into
 * `stream`: the stream's signature repository's, else the image's own (for choosing plain HTTP
 * only where the image itself is read that way). A bad annotation reads nothing (the check refuses).
 */
export function signatureRegistry(stream: ImageStream | undefined, registry: string): string {
  try {
    return cosignRepositoryOfAnnotations(stream?.metadata.annotations)?.registry ?? registry;
  } catch {
    return registry;
  }
}

const named = (repo: RepositoryRef) => `${repo.registry}/${repo.repository}`;

/** "the repository", or the other one the signatures are kept in */
const inRepository = (input: SignatureInput) =>
  input.where === input.repo ? 'the repository' : named(input.where);

/** What the checks read: the input, and the repository the signatures are in. */
interface SignatureInput extends SignatureCheckInput {
  where: RepositoryRef;
}

async function checkKeys(requirements: readonly KeyRequirement[], input: SignatureInput): Promise<void> {
  const { client, repo, digests } = input;
  if (!client.getBlob)
    throw new Error('the registry client cannot read blobs: signatures cannot be verified');
  const layers = await fetchCosignSignatures(
    { getManifest: client.getManifest, getBlob: client.getBlob },
    input.where,
    digests,
    input.opts,
  );
  const digest = digests[0] ?? '';
  if (layers.length === 0) {
    throw refused(
      SignatureReason.Missing,
      `no cosign signature for ${named(repo)}@${digest} (no ${signatureTag(digest)} in ${inRepository(input)})`,
    );
  }
  const verdict = verifyCosignLayers(layers, requirements, { digests, repository: repo });
  if (!verdict.ok) throw refused(verdict.reason, verdict.message);
}

/** cosign 3's bundles (referrers) and cosign 2's keyless `.sig` layers */
async function keylessSignatures(input: SignatureInput) {
  const { client, digests } = input;
  if (!client.getBlob)
    throw new Error('the registry client cannot read blobs: signatures cannot be verified');
  const reader = { getManifest: client.getManifest, getBlob: client.getBlob };
  // the referrers API lists only the image's own repository's referrers
  const listReferrers = input.where === input.repo ? client.listReferrers : undefined;
  const bundles = await fetchSigstoreBundles(
    { ...reader, ...(listReferrers ? { listReferrers } : {}) },
    input.where,
    digests,
    input.opts,
  );
  const layers = await fetchCosignSignatures(reader, input.where, digests, input.opts);
  return [...bundles, ...layers.filter(isKeylessLayer)];
}

async function checkIdentities(
  requirements: readonly IdentityRequirement[],
  trust: SigstoreTrust | undefined,
  input: SignatureInput,
): Promise<void> {
  const { repo, digests } = input;
  if (!trust)
    throw refused(
      SignatureReason.Invalid,
      `keyless signatures are required (${requirements[0]?.source ?? ''}) but the server has no --sigstore-trusted-root to verify them against`,
    );
  const signatures = await keylessSignatures(input);
  const digest = digests[0] ?? '';
  if (signatures.length === 0) {
    throw refused(
      SignatureReason.Missing,
      `no Sigstore signature for ${named(repo)}@${digest} (no bundle referrer, no ${referrersTag(digest)} or keyless ${signatureTag(digest)} in ${inRepository(input)})`,
    );
  }
  const verdict = verifySigstoreBundles(signatures, requirements, { digests, repository: repo }, trust);
  if (!verdict.ok) throw refused(verdict.reason, verdict.message);
}

async function check(
  requirements: Requirements,
  trust: SigstoreTrust | undefined,
  checkInput: SignatureCheckInput,
): Promise<void> {
  const input = { ...checkInput, where: requirements.signatures ?? checkInput.repo };
  if (requirements.keys.length > 0) await checkKeys(requirements.keys, input);
  if (requirements.identities.length > 0) await checkIdentities(requirements.identities, trust, input);
}

/**
 * The check for imports into `stream` in `namespace`; undefined when nothing requires signatures
 * (the import then costs nothing more). A stream whose key or signer cannot be read gets a check
 * that refuses.
 */
export function signatureCheckFor(
  policy: SignaturePolicy,
  namespace: string,
  stream: ImageStream | undefined,
): SignatureCheck | undefined {
  let requirements: Requirements;
  try {
    requirements = signatureRequirements(policy, namespace, stream);
  } catch (e) {
    return () => Promise.reject(e);
  }
  if (requirements.keys.length === 0 && requirements.identities.length === 0) return undefined;
  return (input) => check(requirements, policy.sigstoreTrust, input);
}
