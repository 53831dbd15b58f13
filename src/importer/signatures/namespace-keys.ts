/**
 * `--cosign-keys-file`: the cosign public keys the server requires per namespace, a YAML (or
 * JSON) mapping of namespace name to PEM text; `*` covers every namespace without its own entry.
 * Read and checked once at start: a bad file stops the server, naming the entry.
 */
import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import { CosignKeyError, parseCosignKeys } from '../../api/cosign-key.js';
import { ALL_NAMESPACES, readNamespaceFile } from './namespace-file.js';

const CosignKeysFileSchema = z.record(z.string(), z.string());
type CosignKeysFileSchema = z.infer<typeof CosignKeysFileSchema>;

/** namespace (or `*`) -> keys */
export type NamespaceKeys = ReadonlyMap<string, readonly KeyObject[]>;

/** Throws an Error naming the file's problem (never echoing key material). */
export function parseCosignKeysFile(text: string, file = '--cosign-keys-file'): NamespaceKeys {
  const keys = new Map<string, readonly KeyObject[]>();
  for (const [namespace, pem] of readNamespaceFile(text, file, CosignKeysFileSchema, 'namespace: PEM')) {
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
