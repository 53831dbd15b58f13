/**
 * What cosign stores (sigstore/cosign `pkg/oci`, containers/image "simple signing"): the payload
 * a key signs. Lenient with what is not checked (`optional`, extra fields), strict with the
 * claims that bind the signature to an image.
 */
import { z } from 'zod';

export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';
/** cosign 2 keyless `.sig` layers: the Fulcio leaf (PEM) and the Rekor entry it was logged as */
export const COSIGN_CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
export const COSIGN_REKOR_BUNDLE_ANNOTATION = 'dev.sigstore.cosign/bundle';

export const SimpleSigningPayloadSchema = z.object({
  critical: z.object({
    identity: z.object({ 'docker-reference': z.string() }),
    image: z.object({ 'docker-manifest-digest': z.string() }),
    type: z.string(),
  }),
});
export type SimpleSigningPayloadSchema = z.infer<typeof SimpleSigningPayloadSchema>;

/** cosign 3 (and 2 with --new-bundle-format): the bundle, a referrer of the image it signs */
export const SIGSTORE_BUNDLE_MEDIA_TYPE = /^application\/vnd\.dev\.sigstore\.bundle(?:\.v0\.3)?\+json/;
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** the predicate type of a cosign image signature (an attestation has another) */
export const COSIGN_SIGN_PREDICATE_TYPE = 'https://sigstore.dev/cosign/sign/v1';

export const InTotoStatementSchema = z.object({
  predicateType: z.string(),
  subject: z.array(z.object({ digest: z.record(z.string(), z.string()) })).max(64),
});
export type InTotoStatementSchema = z.infer<typeof InTotoStatementSchema>;

/**
 * The `dev.sigstore.cosign/bundle` annotation (cosign `pkg/cosign/bundle` RekorBundle): the
 * log's signed entry timestamp over the entry (canonicalized body base64, time, index, log id hex).
 */
export const RekorBundleSchema = z.object({
  SignedEntryTimestamp: z.string().max(4096),
  Payload: z.object({
    body: z.string().max(256 * 1024),
    integratedTime: z.number().int().nonnegative(),
    logIndex: z.number().int().nonnegative(),
    logID: z.string().regex(/^[0-9a-f]{64}$/),
  }),
});
export type RekorBundleSchema = z.infer<typeof RekorBundleSchema>;

/** The kind and version of a Rekor entry body (hashedrekord 0.0.1 for a cosign 2 signature). */
export const RekorBodySchema = z.object({ kind: z.string(), apiVersion: z.string() });
export type RekorBodySchema = z.infer<typeof RekorBodySchema>;
