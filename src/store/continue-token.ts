/**
 * Opaque continue tokens for paginated lists: base64url JSON of the resourceVersion the first page
 * was consistent at and the key of the last item returned (the next page starts after it).
 *
 * When that resourceVersion is no longer available (its history was compacted) the continuation
 * fails with 410 Expired, as Kubernetes does. Kubernetes additionally offers an *inconsistent*
 * continue token in the 410 Status' metadata; we do not (a StatusError carries no list metadata),
 * so the client starts a new list, which client-go's pager and kubectl do on 410 anyway.
 */
import { z } from 'zod';
import { badRequest } from '../api/status-error.js';
import { continueTooOld } from './resource-version.js';

export interface ContinueToken {
  /** the resourceVersion every page of this list is consistent at */
  resourceVersion: number;
  /** the key of the last item returned: the next page starts strictly after it */
  namespace: string;
  name: string;
}

const TokenSchema = z
  .object({
    v: z.literal(1),
    rv: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    ns: z.string().max(512),
    name: z.string().max(512),
  })
  .strict();

export function encodeContinueToken(token: ContinueToken): string {
  const json = JSON.stringify({ v: 1, rv: token.resourceVersion, ns: token.namespace, name: token.name });
  return Buffer.from(json, 'utf8').toString('base64url');
}

function invalidToken(why: string): never {
  throw badRequest(`continue key is not valid: ${why}`, [
    { reason: 'FieldValueInvalid', message: why, field: 'continue' },
  ]);
}

/** Decodes a client-supplied token; 400 BadRequest for anything this store did not produce. */
export function decodeContinueToken(value: string): ContinueToken {
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(value)) invalidToken('not a base64url string');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    invalidToken('not an encoded token');
  }
  const result = TokenSchema.safeParse(parsed);
  if (!result.success) invalidToken('not a token this server issued');
  return { resourceVersion: result.data.rv, namespace: result.data.ns, name: result.data.name };
}

/**
 * Checks that a decoded token can continue a list at this point:
 * 400 if it claims a future resourceVersion or another namespace, 410 Expired when the store no
 * longer has the history to answer consistently at its resourceVersion.
 */
export function checkContinueToken(
  token: ContinueToken,
  state: { current: number; compacted: number; namespace: string | undefined },
): void {
  if (token.resourceVersion > state.current) invalidToken('its resourceVersion is newer than the store');
  if (state.namespace !== undefined && token.namespace !== state.namespace) {
    invalidToken(`it continues a list of namespace "${token.namespace}", not "${state.namespace}"`);
  }
  if (token.resourceVersion < state.compacted) throw continueTooOld();
}
