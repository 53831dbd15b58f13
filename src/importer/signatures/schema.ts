/**
 * What cosign stores (sigstore/cosign `pkg/oci`, containers/image "simple signing"): the payload
 * a key signs. Lenient with what is not checked (`optional`, extra fields), strict with the
 * claims that bind the signature to an image.
 */
import { z } from 'zod';

export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';
export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const COSIGN_SIGNATURE_TYPE = 'cosign container image signature';

export const SimpleSigningPayloadSchema = z.object({
  critical: z.object({
    identity: z.object({ 'docker-reference': z.string() }),
    image: z.object({ 'docker-manifest-digest': z.string() }),
    type: z.string(),
  }),
});
export type SimpleSigningPayloadSchema = z.infer<typeof SimpleSigningPayloadSchema>;
