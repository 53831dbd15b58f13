/**
 * `--sigstore-identities-file`: the keyless signer each namespace's imports must be signed by, a
 * YAML (or JSON) mapping of namespace name (or `*` for every namespace without its own entry) to
 * `{identity | identityRegexp, issuer}`, the `--certificate-identity[-regexp]` and
 * `--certificate-oidc-issuer` of `cosign verify`. Read and checked once at start: a bad file
 * stops the server, naming the entry and field.
 */
import { z } from 'zod';
import {
  parseSigstoreIdentity,
  SigstoreIdentityError,
  type SigstoreIdentity,
} from '../../api/sigstore-identity.js';
import { ALL_NAMESPACES, readNamespaceFile } from './namespace-file.js';

const SigstoreIdentitiesFileSchema = z.record(
  z.string(),
  z.strictObject({
    identity: z.string().optional(),
    identityRegexp: z.string().optional(),
    issuer: z.string().optional(),
  }),
);
type SigstoreIdentitiesFileSchema = z.infer<typeof SigstoreIdentitiesFileSchema>;
type Entry = SigstoreIdentitiesFileSchema[string];

/** namespace (or `*`) -> the signer its imports need */
export type NamespaceIdentities = ReadonlyMap<string, SigstoreIdentity>;

const FIELDS = { identity: 'identity', identityRegexp: 'identityRegexp', issuer: 'issuer' };

function identityOfEntry(file: string, namespace: string, entry: Entry): SigstoreIdentity {
  try {
    const identity = parseSigstoreIdentity(entry, FIELDS);
    if (!identity) throw new SigstoreIdentityError('identity', 'is required, with issuer');
    return identity;
  } catch (e) {
    if (!(e instanceof SigstoreIdentityError)) throw e;
    throw new Error(`${file}: ${namespace}.${e.field}: ${e.message}`, { cause: e });
  }
}

/** Throws an Error naming the file's problem: the namespace and the field. */
export function parseSigstoreIdentitiesFile(
  text: string,
  file = '--sigstore-identities-file',
): NamespaceIdentities {
  const entries = readNamespaceFile(
    text,
    file,
    SigstoreIdentitiesFileSchema,
    'namespace: {identity or identityRegexp, issuer}',
  );
  return new Map(entries.map(([namespace, entry]) => [namespace, identityOfEntry(file, namespace, entry)]));
}

export function identityOfNamespace(
  identities: NamespaceIdentities | undefined,
  namespace: string,
): SigstoreIdentity | undefined {
  return identities?.get(namespace) ?? identities?.get(ALL_NAMESPACES);
}
