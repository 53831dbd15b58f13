/**
 * The cosign public keys an ImageStream names in `imagestreams.io/verify-cosign-key`: one or more
 * PEM `PUBLIC KEY` blocks (SubjectPublicKeyInfo, what `cosign generate-key-pair` writes to
 * cosign.pub). ECDSA, RSA and Ed25519 keys are accepted; a private key, a certificate or anything
 * else is refused, so a stream never silently verifies against nothing. Pure (node:crypto only).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';

export const VERIFY_COSIGN_KEY_ANNOTATION = 'imagestreams.io/verify-cosign-key';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const KEY_TYPES: ReadonlySet<string> = new Set(['ec', 'rsa', 'ed25519']);
/** at most this many keys in one annotation or configuration entry */
const MAX_COSIGN_KEYS = 8;

export class CosignKeyError extends Error {}

function publicKeyOf(label: string, pem: string, index: number): KeyObject {
  const which = `PEM block ${index + 1}`;
  if (label !== 'PUBLIC KEY') throw new CosignKeyError(`${which} is a "${label}", not a "PUBLIC KEY"`);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new CosignKeyError(`${which} is not a readable public key`);
  }
  const type = key.asymmetricKeyType ?? '';
  if (!KEY_TYPES.has(type))
    throw new CosignKeyError(`${which} is a ${type} key; cosign keys are ECDSA, RSA or Ed25519`);
  return key;
}

/** 8 RSA-4096 keys fit with room to spare; the bound keeps the PEM scan cheap on any input */
const MAX_COSIGN_KEY_TEXT = 16 * 1024;

/** The keys of a PEM text; throws CosignKeyError saying what is wrong. */
export function parseCosignKeys(text: string): KeyObject[] {
  if (text.length > MAX_COSIGN_KEY_TEXT)
    throw new CosignKeyError(`longer than ${MAX_COSIGN_KEY_TEXT} characters`);
  const blocks = [...text.matchAll(PEM_BLOCK)];
  if (blocks.length === 0) throw new CosignKeyError('no PEM "PUBLIC KEY" block found');
  if (blocks.length > MAX_COSIGN_KEYS) throw new CosignKeyError(`at most ${MAX_COSIGN_KEYS} keys`);
  const rest = text.replace(PEM_BLOCK, '').trim();
  if (rest !== '') throw new CosignKeyError('text outside the PEM blocks');
  return blocks.map((m, i) => publicKeyOf(m[1] ?? '', m[0], i));
}
