/**
 * `--sigstore-trusted-root`: the Sigstore TrustedRoot JSON (what `cosign verify --trusted-root`
 * takes, and what Sigstore's TUF repository distributes as trusted_root.json) that keyless
 * bundles are verified against offline: the Fulcio CAs, the Rekor log keys, and the CT log keys
 * when SCTs are to be required. Read and checked once at start: a bad file stops the server.
 */
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';

export interface SigstoreTrust {
  material: TrustMaterial;
  /** SCTs a certificate must carry: 1 when the root names CT logs, else none are checked */
  ctlogThreshold: number;
}

/** Throws an Error naming the file's problem. */
export function parseSigstoreTrustedRoot(text: string, file = '--sigstore-trusted-root'): SigstoreTrust {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file}: not JSON`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`${file}: not a Sigstore TrustedRoot object`);
  let root: TrustedRoot;
  let material: TrustMaterial;
  try {
    root = TrustedRoot.fromJSON(json);
    material = toTrustMaterial(root);
  } catch (e) {
    throw new Error(`${file}: not a Sigstore TrustedRoot: ${(e as Error).message}`, { cause: e });
  }
  if (material.certificateAuthorities.length === 0)
    throw new Error(`${file}: certificateAuthorities: no certificate authority (Fulcio) to verify against`);
  if (material.tlogs.length === 0)
    throw new Error(`${file}: tlogs: no transparency log (Rekor) key to verify against`);
  return { material, ctlogThreshold: material.ctlogs.length > 0 ? 1 : 0 };
}
