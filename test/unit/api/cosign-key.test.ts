import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCosignKeys, VERIFY_COSIGN_KEY_ANNOTATION } from '../../../src/api/cosign-key.js';
import { validateCosignKeyAnnotation } from '../../../src/api/validation/cosign-key.js';
import { parseCosignKeysFile, keysOfNamespace } from '../../../src/importer/signatures/namespace-keys.js';

const pem = (kind: 'ec' | 'rsa' | 'ed25519' | 'x25519') => {
  const pair =
    kind === 'ec'
      ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
      : kind === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : kind === 'ed25519'
          ? generateKeyPairSync('ed25519')
          : generateKeyPairSync('x25519');
  return {
    public: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    private: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
};
const FIELD = `metadata.annotations[${VERIFY_COSIGN_KEY_ANNOTATION}]`;

describe('the cosign key annotation', () => {
  it.each(['ec', 'rsa', 'ed25519'] as const)('accepts a %s public key', (kind) => {
    expect(validateCosignKeyAnnotation({ [VERIFY_COSIGN_KEY_ANNOTATION]: pem(kind).public })).toEqual([]);
  });

  it('accepts several keys (rotation) and no annotation at all', () => {
    expect(parseCosignKeys(pem('ec').public + pem('ec').public)).toHaveLength(2);
    expect(validateCosignKeyAnnotation(undefined)).toEqual([]);
  });

  const ec = pem('ec');
  it.each([
    ['a private key', ec.private, /PRIVATE KEY/],
    ['text that is no PEM', 'ssh-ed25519 AAAA', /no PEM/],
    ['a damaged key', ec.public.replace(/\n.{20}/, '\n'), /not a readable public key/],
    ['an X25519 key, which cannot sign', pem('x25519').public, /x25519/],
    ['text around the key', `${ec.public}trailing`, /outside/],
    ['a huge value', '-----BEGIN A-----\n'.repeat(20_000), /longer than/],
  ])('refuses %s naming the annotation, never echoing the value', (_what, value, detail) => {
    const causes = validateCosignKeyAnnotation({ [VERIFY_COSIGN_KEY_ANNOTATION]: value });
    expect(causes).toHaveLength(1);
    expect(causes[0]?.field).toBe(FIELD);
    expect(causes[0]?.message).toMatch(detail);
    expect(causes[0]?.message).not.toContain(value.split('\n')[1] ?? value);
  });
});

describe('--cosign-keys-file', () => {
  it('maps namespaces to keys, * for the others', () => {
    const a = pem('ec').public;
    const text = `prod: |\n${a.replace(/^/gm, '  ')}\n"*": |\n${pem('ed25519').public.replace(/^/gm, '  ')}\n`;
    const keys = parseCosignKeysFile(text);
    expect(keysOfNamespace(keys, 'prod')[0]?.asymmetricKeyType).toBe('ec');
    expect(keysOfNamespace(keys, 'dev')[0]?.asymmetricKeyType).toBe('ed25519');
    expect(keysOfNamespace(undefined, 'dev')).toEqual([]);
  });

  it('names the bad entry without echoing it', () => {
    expect(() => parseCosignKeysFile(`prod: nope`)).toThrow(/namespace "prod": no PEM/);
    expect(() => parseCosignKeysFile(`Not_A_Namespace: x`)).toThrow(/namespace name/);
    expect(() => parseCosignKeysFile(`[unclosed`)).toThrow(/not YAML/);
  });
});
