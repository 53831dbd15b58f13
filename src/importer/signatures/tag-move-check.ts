/**
 * The signature step for tag moves that are not imports and have no tag condition to record a
 * refusal on (ImageStreamMappings, ADR 0011's addendum): the image must pass the check an import
 * into the stream would run (`signatureCheckFor`), read from the repository its
 * `dockerImageReference` names, with the namespace's pull credentials. A refusal is a 403
 * StatusError with reason SignatureMissing/SignatureInvalid naming the stream's policy.
 */
import { StatusError } from '../../api/status-error.js';
import type { Image, ImageStream } from '../../api/types.js';
import type { PullCredentialsFor } from '../../credentials/index.js';
import { insecureAllowed } from '../needs-import.js';
import type { RegistryAllowList } from '../allowed-registries.js';
import { parseImportReference, type ImportReference } from '../image-ref.js';
import type { ImportRegistryClient } from '../resolve-image.js';
import { SignatureReason } from './cosign-verify.js';
import { signatureCheckFor, signatureRegistry, type SignaturePolicy } from './signature-check.js';

export interface TagMove {
  namespace: string;
  stream: ImageStream;
  tag: string;
  image: Image;
}

/** Resolves when the move may happen; throws a 403 StatusError when the stream's policy refuses it. */
export type TagMoveVerifier = (move: TagMove) => Promise<void>;

export interface TagMoveVerifierOptions {
  policy: SignaturePolicy;
  client: ImportRegistryClient;
  credentialsFor?: PullCredentialsFor;
  /** host[:port] of the integrated registry (plain HTTP on loopback), when one runs */
  insecureHost?: () => string | undefined;
  /** `--allowed-registries`: signatures are read only where images may be imported from (or the integrated registry) */
  allowList?: RegistryAllowList;
}

function refusal(move: TagMove, reason: string, detail: string): StatusError {
  const name = `${move.namespace}/${move.stream.metadata.name}`;
  return new StatusError(
    403,
    reason,
    `${name}:${move.tag} may not point at ${move.image.metadata.name}: the signature policy of image stream ${name} refuses it: ${detail}`,
  );
}

/** The tag's current image: re-recording it moves nothing. */
function isCurrent(move: TagMove): boolean {
  const current = move.stream.status?.tags?.find((t) => t.tag === move.tag)?.items?.[0]?.image;
  return current === move.image.metadata.name;
}

function repositoryOf(move: TagMove): ImportReference {
  try {
    return parseImportReference(move.image.dockerImageReference ?? '');
  } catch {
    throw refusal(
      move,
      SignatureReason.Missing,
      'image.dockerImageReference names no repository to read its signatures from',
    );
  }
}

/**
 * Whether the signatures may be read over plain HTTP (the integrated registry, an insecure
 * stream); refuses a registry outside `--allowed-registries`.
 */
function plainHttpAllowed(options: TagMoveVerifierOptions, move: TagMove, ref: ImportReference): boolean {
  const host = options.insecureHost?.();
  const where = signatureRegistry(move.stream, ref.registry);
  if (host !== undefined && where === host) return true;
  const denied = options.allowList?.check(where);
  if (denied)
    throw refusal(move, SignatureReason.Missing, `its signatures cannot be read: ${denied.message}`);
  return insecureAllowed(move.stream, undefined);
}

export function tagMoveVerifier(options: TagMoveVerifierOptions): TagMoveVerifier {
  return async (move) => {
    const check = signatureCheckFor(options.policy, move.namespace, move.stream);
    if (!check || isCurrent(move)) return;
    const ref = repositoryOf(move);
    const insecure = plainHttpAllowed(options, move, ref);
    const credentials = await options.credentialsFor?.(move.namespace);
    try {
      await check({
        client: options.client,
        repo: { registry: ref.registry, repository: ref.repository },
        digests: [move.image.metadata.name],
        opts: { insecure, ...(credentials ? { credentials } : {}) },
      });
    } catch (e) {
      if (e instanceof StatusError && e.code === 403) throw refusal(move, e.reason, e.message);
      throw e;
    }
  };
}
