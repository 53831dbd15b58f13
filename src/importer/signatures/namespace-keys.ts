/**
 * `--cosign-keys-file`: the cosign public keys the server requires per namespace, a YAML (or
 * JSON) mapping of namespace name to PEM text; `*` covers every namespace without its own entry.
 * Read and checked once at start: a bad file stops the server, naming the entry.
 */
import type { KeyObject } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { CosignKeyError, parseCosignKeys } from '../../api/cosign-key.js';

export const ALL_NAMESPACES = '*';

const NAMESPACE = /^(?:\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$/;

const CosignKeysFileSchema = z.record(z.string(), z.string());
type CosignKeysFileSchema = z.infer<typeof CosignKeysFileSchema>;

/** namespace (or `*`) -> keys */
export type NamespaceKeys = ReadonlyMap<string, readonly KeyObject[]>;

/** Throws an Error naming the file's problem (never echoing key material). */
export function parseCosignKeysFile(text: string, file = '--cosign-keys-file'): NamespaceKeys {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch {
    throw new Error(`${file}: not YAML or JSON`);
  }
  const parsed = CosignKeysFileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'} (expected namespace: PEM)`,
    );
  }
  const keys = new Map<string, readonly KeyObject[]>();
  for (const [namespace, pem] of Object.entries(parsed.data)) {
    if (!NAMESPACE.test(namespace))
      throw new Error(`${file}: "${namespace.slice(0, 63)}" is not a namespace name or *`);
    try {
      keys.set(namespace, parseCosignKeys(pem));
    } catch (e) {
      const detail = e instanceof CosignKeyError ? e.message : 'not a public key';
      throw new Error(`${file}: namespace "${namespace}": ${detail}`);
    }
  }
  return keys;
}

export function keysOfNamespace(keys: NamespaceKeys | undefined, namespace: string): readonly KeyObject[] {
  return keys?.get(namespace) ?? keys?.get(ALL_NAMESPACES) ?? [];
}
