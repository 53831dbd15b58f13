/**
 * cosign 2's keyless signatures in the `sha256-<hex>.sig` manifest, read as the Sigstore bundle
 * they amount to, so @sigstore/verify checks them as it checks cosign 3's: a simple-signing layer
 * whose annotations carry the signature over the payload (`dev.cosignproject.cosign/signature`),
 * the Fulcio leaf (`dev.sigstore.cosign/certificate`) and the Rekor entry with its signed entry
 * timestamp (`dev.sigstore.cosign/bundle`) become a v0.1 bundle: a message signature over the
 * payload's SHA-256, the leaf, and the log entry with its inclusion promise. The
 * `dev.sigstore.cosign/chain` annotation is not read: the chain comes from the trusted root, as
 * with `cosign verify --trusted-root`. Pure.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { BASE64, type SignatureLayer } from './cosign-verify.js';
import { RekorBodySchema, RekorBundleSchema } from './schema.js';

const BUNDLE_V01_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle+json;version=0.1';

/** Why a signature is not one of the signer's, said in a message. */
export class SignatureProblem extends Error {}

/** Whether the layer is a keyless one (a certificate instead of a key to verify with). */
export function isKeylessLayer(layer: SignatureLayer): boolean {
  return layer.certificate !== undefined || layer.rekorBundle !== undefined;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SignatureProblem(`${what} is not JSON`);
  }
}

function leafDer(pem: string | undefined): Buffer {
  if (pem === undefined)
    throw new SignatureProblem('a keyless signature layer has no certificate annotation');
  try {
    return new X509Certificate(pem).raw;
  } catch {
    throw new SignatureProblem('the certificate annotation is not a PEM certificate');
  }
}

/** The Rekor entry of the `dev.sigstore.cosign/bundle` annotation, as a bundle's tlog entry. */
function tlogEntry(text: string | undefined, leaf: Buffer) {
  if (text === undefined)
    throw new SignatureProblem('a keyless signature layer has no Rekor bundle annotation (not logged)');
  const parsed = RekorBundleSchema.safeParse(parseJson(text, 'the Rekor bundle annotation'));
  if (!parsed.success || !BASE64.test(parsed.data.Payload.body))
    throw new SignatureProblem('the Rekor bundle annotation is not a cosign Rekor bundle');
  const { Payload: entry, SignedEntryTimestamp } = parsed.data;
  const body = Buffer.from(entry.body, 'base64');
  const kind = RekorBodySchema.safeParse(parseJson(body.toString('utf8'), 'the Rekor entry'));
  if (!kind.success) throw new SignatureProblem('the Rekor entry has no kind and apiVersion');
  if (!loggedWith(body, leaf)) throw new SignatureProblem('the Rekor entry logs another certificate');
  return {
    logIndex: String(entry.logIndex),
    logId: { keyId: Buffer.from(entry.logID, 'hex').toString('base64') },
    kindVersion: { kind: kind.data.kind, version: kind.data.apiVersion },
    integratedTime: String(entry.integratedTime),
    inclusionPromise: { signedEntryTimestamp: SignedEntryTimestamp },
    canonicalizedBody: entry.body,
  };
}

/**
 * A hashedrekord entry names the certificate it was logged with (base64 PEM); @sigstore/verify
 * compares only the signature and digest, so the leaf is compared here, as cosign does.
 */
function loggedWith(body: Buffer, leaf: Buffer): boolean {
  const json = JSON.parse(body.toString('utf8')) as {
    spec?: { signature?: { publicKey?: { content?: unknown } } };
  };
  const content = json.spec?.signature?.publicKey?.content;
  if (typeof content !== 'string') return true; // another kind: @sigstore/verify checks its body
  try {
    return new X509Certificate(Buffer.from(content, 'base64')).raw.equals(leaf);
  } catch {
    return false;
  }
}

/** The layer as a v0.1 bundle over its payload; throws SignatureProblem when it cannot be one. */
export function bundleOfLayer(layer: SignatureLayer): Bundle {
  if (!layer.signature || !BASE64.test(layer.signature))
    throw new SignatureProblem('a keyless signature layer has no base64 signature annotation');
  const leaf = leafDer(layer.certificate);
  const json = {
    mediaType: BUNDLE_V01_MEDIA_TYPE,
    verificationMaterial: {
      x509CertificateChain: { certificates: [{ rawBytes: leaf.toString('base64') }] },
      tlogEntries: [tlogEntry(layer.rekorBundle, leaf)],
      timestampVerificationData: { rfc3161Timestamps: [] },
    },
    messageSignature: {
      messageDigest: {
        algorithm: 'SHA2_256',
        digest: createHash('sha256').update(layer.payload).digest('base64'),
      },
      signature: layer.signature,
    },
  };
  try {
    return bundleFromJSON(json);
  } catch (e) {
    throw new SignatureProblem(`the layer is no Sigstore bundle (${(e as Error).message.slice(0, 200)})`);
  }
}
