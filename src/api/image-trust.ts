/**
 * Which stored Images the server may trust: only those it derived itself from registry content
 * (the manifest fetched by digest and verified against it, the config blob it names). The
 * importer and the integrated registry mark what they derive; every write through the API
 * (images, imagestreammappings) loses the mark, so a user-made Image is re-derived from the
 * registry, and overwritten, the first time the server imports its digest. Pure.
 */
import type { Image } from './types.js';

export const VERIFIED_IMAGE_ANNOTATION = 'imagestreams.io/verified-from-registry';

export function isVerifiedImage(image: Pick<Image, 'metadata'> | undefined): boolean {
  return image?.metadata.annotations?.[VERIFIED_IMAGE_ANNOTATION] === 'true';
}

/** The Image with the mark: for what the server derived from the registry only. */
export function markVerified<T extends Pick<Image, 'metadata'>>(image: T): T {
  return {
    ...image,
    metadata: {
      ...image.metadata,
      annotations: { ...image.metadata.annotations, [VERIFIED_IMAGE_ANNOTATION]: 'true' },
    },
  };
}

/**
 * An API write's Image: the mark as `old` has it (none on create). Image content never changes
 * on update, so keeping the old mark keeps it true.
 */
export function verificationFromServer<T extends Pick<Image, 'metadata'>>(image: T, old?: T): T {
  const annotations = { ...image.metadata.annotations };
  delete annotations[VERIFIED_IMAGE_ANNOTATION];
  if (isVerifiedImage(old)) annotations[VERIFIED_IMAGE_ANNOTATION] = 'true';
  const metadata = { ...image.metadata };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  return { ...image, metadata };
}
