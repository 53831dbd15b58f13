/**
 * Reading cosign's signatures of a digest from the registry, where `cosign sign --key` puts them:
 * the tag `sha256-<hex>.sig` in the image's own repository, an image manifest whose layers are
 * simple-signing payloads with the signature in a layer annotation (and, signed keyless by
 * cosign 2, the Fulcio certificate and the Rekor entry in two more). A missing tag means no
 * signature; any other registry failure propagates (nothing can be verified, nothing moves).
 */
import {
  isRegistryError,
  RegistryErrorKind,
  type RepositoryRef,
  type RequestOptions,
} from '../../registry/index.js';
import type { RegistryClient } from '../../registry/index.js';
import { signatureTag } from '../../api/cosign-tag.js';
import type { SignatureLayer } from './cosign-verify.js';
import {
  COSIGN_CERTIFICATE_ANNOTATION,
  COSIGN_REKOR_BUNDLE_ANNOTATION,
  COSIGN_SIGNATURE_ANNOTATION,
  SIMPLE_SIGNING_MEDIA_TYPE,
} from './schema.js';

/** cosign appends a layer per `cosign sign`; more than this is not a signature manifest we read */
const MAX_SIGNATURE_LAYERS = 32;
const MAX_PAYLOAD_BYTES = 64 * 1024;

export type SignatureClient = Pick<RegistryClient, 'getManifest' | 'getBlob'>;

/** The registry's NotFound as undefined; every other failure propagates. */
export async function absentAsUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (isRegistryError(e) && e.kind === RegistryErrorKind.NotFound) return undefined;
    throw e;
  }
}

function signatureLayer(payload: Buffer, annotations: Record<string, string> | undefined): SignatureLayer {
  const out: SignatureLayer = { payload, signature: annotations?.[COSIGN_SIGNATURE_ANNOTATION] };
  const certificate = annotations?.[COSIGN_CERTIFICATE_ANNOTATION];
  const rekorBundle = annotations?.[COSIGN_REKOR_BUNDLE_ANNOTATION];
  if (certificate !== undefined) out.certificate = certificate;
  if (rekorBundle !== undefined) out.rekorBundle = rekorBundle;
  return out;
}

/** The simple-signing layers of one digest's signature manifest ([] when it has none). */
async function layersOf(
  client: SignatureClient,
  repo: RepositoryRef,
  digest: string,
  opts: RequestOptions,
): Promise<SignatureLayer[]> {
  const got = await absentAsUndefined(() => client.getManifest(repo, signatureTag(digest), opts));
  if (!got || got.manifest.kind !== 'image') return [];
  const layers = got.manifest.layers.filter((l) => l.mediaType === SIMPLE_SIGNING_MEDIA_TYPE);
  const out: SignatureLayer[] = [];
  for (const layer of layers.slice(0, MAX_SIGNATURE_LAYERS)) {
    const payload = await absentAsUndefined(() =>
      client.getBlob(repo, layer, { ...opts, maxBytes: MAX_PAYLOAD_BYTES }),
    );
    // a payload the registry does not have signs nothing
    if (payload) out.push(signatureLayer(payload, layer.annotations));
  }
  return out;
}

/** The signature layers of every digest (each different digest looked up once). */
export async function fetchCosignSignatures(
  client: SignatureClient,
  repo: RepositoryRef,
  digests: readonly string[],
  opts: RequestOptions,
): Promise<SignatureLayer[]> {
  const out: SignatureLayer[] = [];
  for (const digest of new Set(digests)) out.push(...(await layersOf(client, repo, digest, opts)));
  return out;
}
