/**
 * Signing test images exactly as `cosign sign --key` does (sigstore/cosign 2.x, `.sig` tags):
 * the simple-signing payload JSON, an ECDSA P-256 / SHA-256 ASN.1 signature over its bytes in
 * base64, and an OCI manifest tagged `sha256-<hex>.sig` in the image's repository whose layers
 * are the payloads, each carrying its signature in the `dev.cosignproject.cosign/signature`
 * annotation (keyless layers, from sigstore.ts, carry more). Pushed as raw blobs and manifests, so no cosign binary is needed.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { pushBlob, pushManifest, sha256, type PushTarget } from './push.js';

export interface CosignKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** cosign.pub: the SubjectPublicKeyInfo PEM */
  publicPem: string;
}

/** What `cosign generate-key-pair` makes: an ECDSA P-256 key pair. */
export function cosignKeyPair(): CosignKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** cosign's payload bytes (pkg/signature/payload.go: json.Marshal of SimpleContainerImage). */
export function cosignPayload(dockerReference: string, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': dockerReference },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );
}

/** base64 of the signature over the payload: ECDSA with SHA-256 (DER), or Ed25519. */
export function cosignSignature(payload: Buffer, privateKey: KeyObject): string {
  const algorithm = privateKey.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  return sign(algorithm, payload, privateKey).toString('base64');
}

export interface SignatureLayerSpec {
  payload: Buffer;
  /** base64 */
  signature: string;
  /** more layer annotations (a keyless layer's certificate, chain and Rekor bundle) */
  annotations?: Record<string, string>;
}

/** One signature layer as cosign makes it; claims default to `registryHost/repo@digest`. */
export function cosignLayer(
  key: KeyObject,
  claims: { dockerReference: string; digest: string },
  tamper?: (signature: string) => string,
): SignatureLayerSpec {
  const payload = cosignPayload(claims.dockerReference, claims.digest);
  const signature = cosignSignature(payload, key);
  return { payload, signature: tamper ? tamper(signature) : signature };
}

/** Pushes the `sha256-<hex>.sig` manifest of `digest` in `repo` with these layers (replacing any). */
export async function pushCosignSignatures(
  target: PushTarget,
  repo: string,
  digest: string,
  layers: readonly SignatureLayerSpec[],
): Promise<string> {
  const descriptors = [];
  for (const layer of layers) {
    await pushBlob(target, repo, layer.payload);
    descriptors.push({
      mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
      size: layer.payload.length,
      digest: sha256(layer.payload),
      annotations: { ...layer.annotations, 'dev.cosignproject.cosign/signature': layer.signature },
    });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: '',
      created: '0001-01-01T00:00:00Z',
      history: [{ created: '0001-01-01T00:00:00Z' }],
      os: '',
      rootfs: { type: 'layers', diff_ids: descriptors.map((d) => d.digest) },
      config: {},
    }),
  );
  await pushBlob(target, repo, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        size: config.length,
        digest: sha256(config),
      },
      layers: descriptors,
    }),
  );
  const tag = `${digest.replace(':', '-')}.sig`;
  return pushManifest(target, repo, tag, manifest, 'application/vnd.oci.image.manifest.v1+json');
}
