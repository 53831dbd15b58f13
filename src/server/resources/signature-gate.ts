/**
 * The signature policy of tag moves the API makes without an import (ImageStreamMappings, tags
 * copied from `from: ImageStreamTag`/`ImageStreamImage` sources): the importer's check through
 * `ServerSettings.verifyTagMove`, read at request time (the importer sets it when it registers).
 * Without it a stream carrying a key or signer annotation accepts no such move (fail closed).
 */
import { VERIFY_COSIGN_REPOSITORY_ANNOTATION } from '../../api/cosign-repository.js';
import { StatusError } from '../../api/status-error.js';
import type { Image, ImageStream } from '../../api/types.js';
import type { ServerSettings } from '../server-context.js';

export interface TagMove {
  namespace: string;
  /** the destination stream (its annotations name the policy; its status the tag's current image) */
  stream: ImageStream;
  tag: string;
  image: Image;
}

/** Resolves when the move may happen; throws a 403 StatusError (SignatureMissing/SignatureInvalid) when not. */
export type TagMoveGate = (move: TagMove) => Promise<void>;

const POLICY_ANNOTATION_PREFIX = 'imagestreams.io/verify-cosign-';

/** Whether the stream itself requires signatures (its key or keyless signer annotations). */
function streamHasPolicy(stream: ImageStream): boolean {
  return Object.keys(stream.metadata.annotations ?? {}).some(
    (k) => k.startsWith(POLICY_ANNOTATION_PREFIX) && k !== VERIFY_COSIGN_REPOSITORY_ANNOTATION,
  );
}

export function tagMoveGate(settings: ServerSettings): TagMoveGate {
  return async (move) => {
    if (settings.verifyTagMove) return settings.verifyTagMove(move);
    if (streamHasPolicy(move.stream))
      throw new StatusError(
        403,
        'SignatureMissing',
        `image stream ${move.namespace}/${move.stream.metadata.name} requires signatures and no importer runs on this server to verify them`,
      );
  };
}
