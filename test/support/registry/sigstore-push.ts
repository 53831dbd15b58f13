/**
 * Pushing Sigstore bundles as cosign 3 (and cosign 2 with --new-bundle-format) does on a
 * registry without the OCI 1.1 referrers API, such as docker-registry 2.8: each bundle an OCI
 * artifact manifest (artifactType and layer the bundle media type, `subject` the image), listed
 * in the referrers fallback index tagged `sha256-<hex>` (OCI distribution spec, "referrers tag
 * schema"), which cosign rewrites to hold every referrer.
 */
import { pushBlob, pushManifest, sha256, type PushTarget } from './push.js';

const BUNDLE_MEDIA_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';
const EMPTY_CONFIG = Buffer.from('{}');
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** The image the bundles refer to (what pushImage returns has these). */
export interface SubjectDescriptor {
  mediaType: string;
  digest: string;
  size: number;
}

/** Pushes `bundles` (JSON text) as referrers of `subject` and returns their manifests' digests. */
export async function pushBundleReferrers(
  target: PushTarget,
  repo: string,
  subject: SubjectDescriptor,
  bundles: readonly string[],
): Promise<string[]> {
  await pushBlob(target, repo, EMPTY_CONFIG);
  const entries = [];
  for (const bundle of bundles) {
    const bytes = Buffer.from(bundle);
    await pushBlob(target, repo, bytes);
    const annotations = {
      'dev.sigstore.bundle.content': 'dsse-envelope',
      'dev.sigstore.bundle.predicateType': SIGN_PREDICATE_TYPE,
    };
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: BUNDLE_MEDIA_TYPE,
        config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: sha256(EMPTY_CONFIG), size: 2 },
        layers: [{ mediaType: BUNDLE_MEDIA_TYPE, digest: sha256(bytes), size: bytes.length }],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations,
      }),
    );
    const digest = await pushManifest(target, repo, sha256(manifest), manifest, OCI_MANIFEST);
    entries.push({
      mediaType: OCI_MANIFEST,
      digest,
      size: manifest.length,
      artifactType: BUNDLE_MEDIA_TYPE,
      annotations,
    });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries }));
  await pushManifest(target, repo, subject.digest.replace(':', '-'), index, OCI_INDEX);
  return entries.map((e) => e.digest);
}
