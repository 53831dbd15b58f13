/**
 * `--sigstore-identities-file`: the keyless signer each namespace's imports must be signed by, a
 * YAML (or JSON) mapping of namespace name (or `*` for every namespace without its own entry) to
 * `{identity | identityRegexp, issuer}`, the `--certificate-identity[-regexp]` and
 * `--certificate-oidc-issuer` of `cosign verify`. Read and checked once at start: a bad file
 * stops the server, naming the entry and field.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  parseSigstoreIdentity,
  SigstoreIdentityError,
  type SigstoreIdentity,
} from '../../api/sigstore-identity.js';
import { ALL_NAMESPACES } from './namespace-keys.js';

const NAMESPACE = /^(?:\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

const SigstoreIdentitiesFileSchema = z.record(
  z.string(),
  z.strictObject({
    identity: z.string().optional(),
    identityRegexp: z.string().optional(),
    issuer: z.string().optional(),
  }),
);
type SigstoreIdentitiesFileSchema = z.infer<typeof SigstoreIdentitiesFileSchema>;

/** namespace (or `*`) -> the signer its imports need */
export type NamespaceIdentities = ReadonlyMap<string, SigstoreIdentity>;

export function parseSigstoreIdentitiesFile(
  text: string,
  file = '--sigstore-identities-file',
): NamespaceIdentities {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    throw new Error(`${file}: not YAML or JSON`);
  }
  const parsed = SigstoreIdentitiesFileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'} (expected namespace: {identity or identityRegexp, issuer})`,
    );
  }
  const out = new Map<string, SigstoreIdentity>();
  for (const [namespace, entry] of Object.entries(parsed.data)) {
    if (!NAMESPACE.test(namespace))
      throw new Error(`${file}: "${namespace.slice(0, 63)}" is not a namespace name or *`);
    try {
      const fields = { identity: 'identity', identityRegexp: 'identityRegexp', issuer: 'issuer' };
      const identity = parseSigstoreIdentity(entry, fields);
      if (!identity) throw new SigstoreIdentityError('identity', 'is required, with issuer');
      out.set(namespace, identity);
    } catch (e) {
      if (!(e instanceof SigstoreIdentityError)) throw e;
      throw new Error(`${file}: ${namespace}.${e.field}: ${e.message}`);
    }
  }
  return out;
}

export function identityOfNamespace(
  identities: NamespaceIdentities | undefined,
  namespace: string,
): SigstoreIdentity | undefined {
  return identities?.get(namespace) ?? identities?.get(ALL_NAMESPACES);
}
