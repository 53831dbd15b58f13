import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  verifyCosignLayers,
  type KeyRequirement,
} from '../../../../src/importer/signatures/cosign-verify.js';
import { cosignLayer, cosignPayload, cosignSignature } from '../../../support/registry/cosign.js';

const DIGEST = `sha256:${'1'.repeat(64)}`;
const LIST = `sha256:${'2'.repeat(64)}`;
const REPO = { registry: 'registry.example.com:5000', repository: 'team/app' };
const REF = 'registry.example.com:5000/team/app';
const image = { digests: [DIGEST], repository: REPO };

function pair(kind: 'ec' | 'rsa' | 'ed25519'): { privateKey: KeyObject; publicKey: KeyObject } {
  if (kind === 'ec') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  if (kind === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 2048 });
  return generateKeyPairSync('ed25519');
}
const req = (...keys: KeyObject[]): KeyRequirement => ({ keys, source: 'the stream key' });

describe('verifyCosignLayers', () => {
  it.each(['ec', 'rsa', 'ed25519'] as const)(
    'accepts a %s signature over the payload for the digest and repository',
    (kind) => {
      const { privateKey, publicKey } = pair(kind);
      const layer = cosignLayer(privateKey, { dockerReference: REF, digest: DIGEST });
      expect(verifyCosignLayers([layer], [req(publicKey)], image)).toEqual({ ok: true });
    },
  );

  it('accepts a signature of the list a platform image was picked from', () => {
    const { privateKey, publicKey } = pair('ec');
    const layer = cosignLayer(privateKey, { dockerReference: REF, digest: LIST });
    expect(
      verifyCosignLayers([layer], [req(publicKey)], { digests: [LIST, DIGEST], repository: REPO }).ok,
    ).toBe(true);
  });

  it('finds the good layer among bad ones, and any of several keys will do', () => {
    const a = pair('ec');
    const b = pair('ec');
    const bad = cosignLayer(a.privateKey, { dockerReference: REF, digest: LIST });
    const goodByB = cosignLayer(b.privateKey, { dockerReference: REF, digest: DIGEST });
    expect(verifyCosignLayers([bad, goodByB], [req(a.publicKey, b.publicKey)], image).ok).toBe(true);
  });

  it('treats Docker Hub names alike (index.docker.io/library/x is docker.io/x)', () => {
    const { privateKey, publicKey } = pair('ec');
    const layer = cosignLayer(privateKey, {
      dockerReference: 'index.docker.io/library/nginx',
      digest: DIGEST,
    });
    const hub = { digests: [DIGEST], repository: { registry: 'docker.io', repository: 'library/nginx' } };
    expect(verifyCosignLayers([layer], [req(publicKey)], hub).ok).toBe(true);
  });

  const { privateKey, publicKey } = pair('ec');
  const wrong = pair('ec');
  const cases: [string, ReturnType<typeof cosignLayer>, RegExp][] = [
    ['another digest', cosignLayer(privateKey, { dockerReference: REF, digest: LIST }), /another image/],
    [
      'another repository',
      cosignLayer(privateKey, { dockerReference: 'registry.example.com:5000/team/other', digest: DIGEST }),
      /another repository/,
    ],
    [
      'another registry',
      cosignLayer(privateKey, { dockerReference: 'evil.example.com/team/app', digest: DIGEST }),
      /another repository/,
    ],
    [
      'another key',
      cosignLayer(wrong.privateKey, { dockerReference: REF, digest: DIGEST }),
      /does not verify/,
    ],
    [
      'a truncated signature',
      cosignLayer(privateKey, { dockerReference: REF, digest: DIGEST }, (s) => s.slice(0, 40)),
      /does not verify/,
    ],
    [
      'a signature that is not base64',
      { payload: cosignPayload(REF, DIGEST), signature: 'not base64!' },
      /base64/,
    ],
    [
      'no signature annotation',
      { payload: cosignPayload(REF, DIGEST), signature: '' },
      /no signature annotation/,
    ],
    [
      'a payload that is not simple signing',
      (() => {
        const payload = Buffer.from('{"critical":{}}');
        return { payload, signature: cosignSignature(payload, privateKey) };
      })(),
      /not a simple-signing payload/,
    ],
    [
      'another payload type',
      (() => {
        const payload = Buffer.from(
          cosignPayload(REF, DIGEST).toString().replace('cosign container image signature', 'x'),
        );
        return { payload, signature: cosignSignature(payload, privateKey) };
      })(),
      /type/,
    ],
  ];
  it.each(cases)('refuses %s as SignatureInvalid', (_what, layer, message) => {
    const verdict = verifyCosignLayers([layer], [req(publicKey)], image);
    expect(verdict).toMatchObject({ ok: false, reason: 'SignatureInvalid' });
    expect(!verdict.ok && verdict.message).toMatch(message);
  });

  it('refuses a payload edited after signing', () => {
    const layer = cosignLayer(privateKey, { dockerReference: REF, digest: LIST });
    const edited = { ...layer, payload: Buffer.from(layer.payload.toString().replace(LIST, DIGEST)) };
    const verdict = verifyCosignLayers([edited], [req(publicKey)], image);
    expect(!verdict.ok && verdict.message).toMatch(/does not verify/);
  });

  it('needs every requirement: the namespace key and the stream key', () => {
    const ns = pair('ec');
    const byStream = cosignLayer(privateKey, { dockerReference: REF, digest: DIGEST });
    const byNs = cosignLayer(ns.privateKey, { dockerReference: REF, digest: DIGEST });
    const both = [{ keys: [ns.publicKey], source: 'namespace key' }, req(publicKey)];
    const one = verifyCosignLayers([byStream], both, image);
    expect(!one.ok && one.message).toMatch(/namespace key/);
    expect(verifyCosignLayers([byStream, byNs], both, image).ok).toBe(true);
  });
});
